// User data stream subscriptions across connections, and delivery of the exchange's events to them.
import type { EventStreamTerminated, UserDataEvent } from '../../protocol/events.js'
import { Effects } from '../engine/effects.js'
import type { Account } from '../exchange/account.js'
import type { BalanceEvent, ExchangeEvent } from '../exchange/commands.js'
import type { Balances, Exchange } from '../exchange/exchange.js'
import { moneyText } from '../exchange/units.js'
import { keyUsable } from './auth.js'
import type { Connection, Subscription } from './connection.js'
import { accountPosition, executionReport } from './format/events.js'
import { listStatusEvent } from './format/lists.js'
import { ListenKeys } from './server-life/listen-keys.js'

/** Lifetime subscription ids per connection (`-2042` beyond). */
const MAX_SUBSCRIPTION_IDS = 65_535

/** Subscription limits per connection. */
export interface SubscriptionLimits {
  readonly maxActive: number
  readonly maxIds: number
}

/** Takes one user data event of an account (a legacy listenKey stream). */
export type UserEventTap = (event: UserDataEvent) => void

export class UserStreams {
  private readonly byAccount = new Map<number, Set<{ connection: Connection; subscription: Subscription }>>()
  /** Per account, the listenKey streams that receive its events too; an account without any has no entry. */
  private readonly taps = new Map<number, Set<UserEventTap>>()
  private readonly balances: Balances
  private readonly exchange: Exchange
  /** While a request is handled: where its events wait for its response to go first. */
  private holding: ((task: () => void) => void) | undefined = undefined

  /** Delivers every event of `exchange`'s commands from now on. */
  constructor(
    exchange: Exchange,
    readonly limits: SubscriptionLimits = { maxActive: 1000, maxIds: MAX_SUBSCRIPTION_IDS },
    /** The legacy listenKey registry. */
    readonly listenKeys: ListenKeys = new ListenKeys(1),
  ) {
    this.balances = exchange.balances
    this.exchange = exchange
    exchange.onEvent((event, now) => {
      const deliver = () => this.deliver(event, now)
      if (this.holding) this.holding(deliver)
      else deliver()
    })
  }

  /**
   * From now until `release` is given what this returned, the events of exchange commands go to `later` (a request's
   * events follow its response).
   */
  hold(later: (task: () => void) => void): ((task: () => void) => void) | undefined {
    const outer = this.holding
    this.holding = later
    return outer
  }

  release(outer: ((task: () => void) => void) | undefined): void {
    this.holding = outer
  }

  /** Sends one exchange event to the account's subscribers. */
  deliver(event: ExchangeEvent, now: number): void {
    if (event instanceof Effects) this.publish(event, now)
    else this.notify(event.accountId, balanceEvents(this.balances, event, now))
  }

  /** Opens a subscription; the caller has checked that the account has none on this connection. */
  subscribe(connection: Connection, account: Account, viaSession: boolean): Subscription {
    const subscription = { id: connection.subscriptionsOpened++, account, viaSession }
    connection.subscriptions.set(subscription.id, subscription)
    let set = this.byAccount.get(account.id)
    if (!set) {
      set = new Set()
      this.byAccount.set(account.id, set)
    }
    set.add({ connection, subscription })
    return subscription
  }

  /** Ends a subscription now; the returned task sends its `eventStreamTerminated`. */
  terminate(connection: Connection, subscription: Subscription, now: number): () => void {
    this.forget(connection, subscription)
    const event: EventStreamTerminated = { e: 'eventStreamTerminated', E: now }
    return () => connection.send(JSON.stringify({ subscriptionId: subscription.id, event }))
  }

  /**
   * Ends, with their `eventStreamTerminated`, the subscriptions whose key was deleted, lost USER_STREAM, or may no
   * longer be used from their connection's address (after `removeKey`, `updateKey`). Returns how many.
   */
  endUnusable(now: number): number {
    let ended = 0
    for (const set of this.byAccount.values()) {
      for (const { connection, subscription: s } of [...set]) {
        if (keyUsable(this.exchange, s.account, connection.ip) && s.account.permissions.has('USER_STREAM'))
          continue
        this.terminate(connection, s, now)()
        ended++
      }
    }
    return ended
  }

  /** Drops every subscription of a closed connection, silently. */
  closed(connection: Connection): void {
    for (const s of connection.subscriptions.values()) this.forget(connection, s)
  }

  /** Sends executionReports, then each touched account's outboundAccountPosition, to its subscribers. */
  publish(effects: Effects, now: number): void {
    for (const x of effects.executions) {
      const listeners = this.byAccount.get(x.order.accountId)
      if (listeners?.size) this.send(listeners, executionReport(x))
      this.taps.get(x.order.accountId)?.forEach(tapWith(executionReport(x)))
    }
    for (const u of effects.listUpdates) {
      const listeners = this.byAccount.get(u.list.accountId)
      if (listeners?.size) this.send(listeners, listStatusEvent(u))
      this.taps.get(u.list.accountId)?.forEach(tapWith(listStatusEvent(u)))
    }
    for (const [accountId, assets] of effects.balances) {
      const listeners = this.byAccount.get(accountId)
      if (listeners?.size) this.send(listeners, accountPosition(this.balances, accountId, assets, now))
      this.taps.get(accountId)?.forEach(tapWith(accountPosition(this.balances, accountId, assets, now)))
    }
  }

  /** Sends `events` (e.g. balanceUpdate, then outboundAccountPosition) to every subscription of the account. */
  notify(accountId: number, events: readonly UserDataEvent[]): void {
    const listeners = this.byAccount.get(accountId)
    if (listeners?.size) for (const event of events) this.send(listeners, event)
    const taps = this.taps.get(accountId)
    if (taps) for (const event of events) taps.forEach(tapWith(event))
  }

  /** Gives the account's events to `tap` as well, until the returned function is called. */
  tap(accountId: number, tap: UserEventTap): () => void {
    let set = this.taps.get(accountId)
    if (!set) {
      set = new Set()
      this.taps.set(accountId, set)
    }
    set.add(tap)
    return () => {
      set.delete(tap)
      if (set.size === 0 && this.taps.get(accountId) === set) this.taps.delete(accountId)
    }
  }

  private send(
    listeners: ReadonlySet<{ connection: Connection; subscription: Subscription }>,
    event: UserDataEvent,
  ): void {
    for (const { connection, subscription } of listeners) {
      connection.send(JSON.stringify({ subscriptionId: subscription.id, event }))
    }
  }

  private forget(connection: Connection, subscription: Subscription): void {
    connection.subscriptions.delete(subscription.id)
    const set = this.byAccount.get(subscription.account.id)
    if (!set) return
    for (const entry of set) if (entry.subscription === subscription) set.delete(entry)
  }
}

/** balanceUpdate (deposit, withdrawal) or externalLockUpdate, then outboundAccountPosition, as Binance sends them. */
function balanceEvents(balances: Balances, e: BalanceEvent, now: number): UserDataEvent[] {
  const negative = e.change === 'withdraw' || e.change === 'unlock'
  const d = moneyText(negative ? -e.amount : e.amount)
  const first =
    e.change === 'deposit' || e.change === 'withdraw'
      ? ({ e: 'balanceUpdate', E: now, a: e.asset, d, T: now } as const)
      : ({ e: 'externalLockUpdate', E: now, a: e.asset, d, T: now } as const)
  return [first, accountPosition(balances, e.accountId, [e.asset], now)]
}

/** A `forEach` callback handing `event` to each tap. */
const tapWith = (event: UserDataEvent) => (tap: UserEventTap) => tap(event)
