// The control API's event stream (`/control/events`, server-sent events): the emulator's state after each control
// change, every WebSocket API answer, each account's balances, open orders and fills whenever a command touches
// them (batched per event-loop turn), a `reset` when the state started again, and a replay's progress a few times
// a second, and with a data dir what it holds (`storage`, after the changes and when a snapshot ends) — what the
// dashboard shows. Accounts added and resets are seen at the exchange, whichever front (HTTP, in-process) made them.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SymbolTradingStatus } from '../../../protocol/enums.js'
import type { Balance, OrderStatusReport } from '../../../protocol/results.js'
import type { Order } from '../../engine/order.js'
import type { Account } from '../../exchange/account.js'
import type { CommandKind, ExchangeEvent } from '../../exchange/commands.js'
import type { Exchange } from '../../exchange/exchange.js'
import { moneyText, priceText, qtyText } from '../../exchange/units.js'
import { orderStatusReport } from '../format/orders.js'
import type { Persistence } from '../persistence/persistence.js'
import type { AccountInfo, EmulatorControl } from './emulator-control.js'
import type { RequestLog, RequestRecord } from './request-log.js'

/** Fills a new client gets per account. */
const PAST_FILLS = 50
/** Real ms between two `replay` events (the replay's progress) while the data plays. */
const REPLAY_EVERY_MS = 250
/**
 * Bytes a client may leave unread before it is dropped (a tab on a suspended laptop, a script that stopped
 * reading): its browser reconnects and starts again from the state then, which is what every new client gets.
 */
export const EVENT_BACKLOG_BYTES = 4 << 20

/** A fill of an account's order, as the dashboard lists it. */
export interface Fill {
  readonly symbol: string
  readonly orderId: number
  readonly tradeId: number
  readonly side: string
  readonly price: string
  readonly qty: string
  readonly commission: string
  readonly commissionAsset: string | null
  readonly maker: boolean
  readonly time: number
}

/** The `state` event: the time, the symbols, the accounts, whether the control API's changes are on. */
export interface ControlState {
  /** This emulator process's stream (a new one after a restart): a client that sees it change starts again. */
  readonly instance: string
  readonly now: number
  /** The emulator's time moves with real time between events (no `now` option, no replay): a page may tick it. */
  readonly clockRuns: boolean
  readonly changes: boolean
  /** The emulator keeps its state in a data dir: `snapshot` can be taken. */
  readonly dataDir: boolean
  readonly symbols: readonly {
    readonly symbol: string
    readonly baseAsset: string
    readonly quoteAsset: string
    readonly status: SymbolTradingStatus
    /** Decimals of a price (PRICE_FILTER's tick size): the chart's price format. */
    readonly priceDecimals: number
  }[]
  readonly accounts: readonly AccountInfo[]
}

/**
 * The `account` event: an account's balances (non-zero), its open orders — every one in the account's first event
 * on a stream (and after a reset), then only the orders changed since — and the fills since the last one.
 */
export interface AccountView {
  readonly apiKey: string
  /** The account's `uid`: its keys added with `addKey` (listed in `state`) show this view too. */
  readonly uid: number
  readonly balances: readonly Balance[]
  /** Every open order (as `openOrders.status` lists them), when `orders` is absent. */
  readonly openOrders?: readonly OrderStatusReport[]
  /** The open orders a command changed (placed, filled in part, amended) since the last event: add or replace them. */
  readonly orders?: readonly OrderStatusReport[]
  /** The orders that left the open ones (filled, canceled, expired) since the last event: remove them. */
  readonly closed?: readonly { readonly symbol: string; readonly orderId: number }[]
  readonly fills: readonly Fill[]
}

/** What a command touched of an account this turn: its new fills and changed orders (undefined: send them all). */
interface Touched {
  readonly fills: Fill[]
  readonly orders: Set<Order> | undefined
}

/** The commands besides a reset that change what a `state` event shows. */
const STATE_CHANGES: ReadonlySet<CommandKind> = new Set([
  'addAccount',
  'addKey',
  'removeKey',
  'updateKey',
  'addSymbol',
  'setSymbolStatus',
])

/** The emulator clock as the events see it. */
export interface EventsClock {
  /** It moves with real time (`ControlState.clockRuns`). */
  readonly runs: boolean
  /** Calls `fn` after each `set` or `advance`, from the control API or in-process. */
  onMove(fn: () => void): void
}

/** What one event stream's client may do (its token): the `access` event, first. */
export interface ControlAccess {
  /** Its token may make changes (the state's `changes` says whether the emulator takes any). */
  readonly changes: boolean
}

/**
 * Serves the stream and feeds it. `changesAllowed`: whether the control API's changes are on; `persistence` (with
 * a data dir): what is sent waits until the commands before it are on disk (its gate), and `storage` events follow.
 */
export class ControlEvents {
  readonly #clients = new Set<ServerResponse>()
  /** Clients dropped for leaving more than EVENT_BACKLOG_BYTES unread, since the start. */
  #dropped = 0
  readonly #touched = new Map<number, Touched>()
  /** This process's stream (the `state` event's `instance`). */
  readonly #instance = randomUUID()
  #requests: RequestRecord[] = []
  #flushing = false
  /**
   * A `state` event is due: an account, key or symbol was added, a key removed or changed, a symbol's status moved,
   * the state was reset.
   */
  #stateDue = false
  /** A reset ran since the last flush: clients drop what they hold, and get every account again. */
  #reset = false
  /** Accounts the clients have been sent (a higher index is an account added since). */
  #sentAccounts: number
  #replayTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly exchange: Exchange,
    private readonly control: EmulatorControl,
    private readonly changesAllowed: boolean,
    log: RequestLog,
    private readonly persistence: Pick<Persistence, 'gate' | 'onSnapshotEnd'> | undefined,
    private readonly clock: EventsClock,
  ) {
    this.#sentAccounts = exchange.accounts.length
    exchange.onEvent((event) => {
      if (this.#clients.size > 0) this.#note(event)
    })
    exchange.onCommand(({ kind }) => {
      if (kind === 'reset') {
        this.#reset = true
        this.#touched.clear()
        // The request log forgets what it held (request-log.ts): so do the answers not sent yet.
        this.#requests = []
      } else if (!STATE_CHANGES.has(kind)) return
      this.#stateDue = true
      this.#schedule()
    })
    persistence?.onSnapshotEnd(() => {
      if (this.#clients.size > 0) this.#send(() => this.#write(message('storage', this.control.storage())))
    })
    // A replay's time comes with its progress events (the data moves the clock at each event).
    if (control.replay) this.#replayTimer = setInterval(() => this.#replayProgress(), REPLAY_EVERY_MS).unref()
    else
      clock.onMove(() => {
        if (this.#clients.size > 0) this.changed()
      })
    log.listen((record) => {
      if (this.#clients.size === 0) return
      this.#requests.push(record)
      this.#schedule()
    })
  }

  /**
   * Answers `GET /control/events`: whether this client may change (`access`, once), the current state at once, then
   * every change.
   */
  serve(req: IncomingMessage, res: ServerResponse, mayChange: boolean): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    // The state now, sent (and the client fed from then on) once what it shows is on disk.
    const text = [
      'retry: 1000\n\n',
      message('access', { changes: mayChange } satisfies ControlAccess),
      message('state', this.#state()),
      message('requests', this.control.requests()),
      ...(this.control.replay ? [message('replay', this.control.replay.progress())] : []),
      ...(this.persistence ? [message('storage', this.control.storage())] : []),
      ...this.exchange.accounts.map((a) =>
        message('account', this.#account(a, { fills: this.#pastFills(a), orders: undefined })),
      ),
    ].join('')
    let open = true
    req.on('close', () => {
      open = false
      this.#clients.delete(res)
    })
    this.#send(() => {
      if (!open) return
      res.write(text)
      this.#clients.add(res)
    })
  }

  /** The control API changed something: every client gets the new state. */
  changed(): void {
    this.#stateDue = true
    this.#schedule()
  }

  /** The clients streamed to now, and those dropped since the start for not reading. */
  counts(): { readonly clients: number; readonly dropped: number } {
    return { clients: this.#clients.size, dropped: this.#dropped }
  }

  /** Ends every stream (the server closes). */
  close(): void {
    clearInterval(this.#replayTimer)
    for (const res of this.#clients) res.end()
    this.#clients.clear()
  }

  /** The `replay` event to every client; the last one once the data has ended. */
  #replayProgress(): void {
    const progress = this.control.replay?.progress()
    if (!progress) return
    if (progress.done) clearInterval(this.#replayTimer)
    const text = message('replay', progress)
    this.#send(() => this.#write(text))
  }

  #state(): ControlState {
    return {
      instance: this.#instance,
      now: this.control.clock.now(),
      clockRuns: this.clock.runs,
      changes: this.changesAllowed,
      dataDir: this.persistence !== undefined,
      symbols: [...this.exchange.symbols.values()].map(({ info, spec }) => ({
        symbol: info.symbol,
        baseAsset: info.baseAsset,
        quoteAsset: info.quoteAsset,
        status: info.status,
        priceDecimals: spec.priceScale,
      })),
      accounts: this.control.accounts(),
    }
  }

  #note(event: ExchangeEvent): void {
    if ('kind' in event) {
      this.#touch(event.accountId)
    } else {
      for (const x of event.executions) {
        const touched = this.#touch(x.order.accountId)
        if (!touched) continue
        touched.orders?.add(x.order)
        if (x.tradeId < 0) continue
        const m = x.order.market
        touched.fills.push({
          symbol: m.symbol,
          orderId: x.order.id,
          tradeId: x.tradeId,
          side: x.order.side,
          price: priceText(m, x.lastPrice),
          qty: qtyText(m, x.lastQty),
          commission: moneyText(x.commission),
          commissionAsset: x.commissionAsset,
          maker: x.isMaker,
          time: x.time,
        })
      }
    }
    this.#schedule()
  }

  /** What this turn touched of the account `id`; undefined for the synthetic liquidity. */
  #touch(id: number): Touched | undefined {
    if (!this.#byId(id)) return undefined
    let touched = this.#touched.get(id)
    if (!touched) {
      touched = { fills: [], orders: new Set() }
      this.#touched.set(id, touched)
    }
    return touched
  }

  /** The account `id` (accounts are added and reset while running); undefined for the synthetic liquidity. */
  #byId(id: number): Account | undefined {
    return id > 0 ? this.exchange.accounts[id - 1] : undefined
  }

  #schedule(): void {
    if (this.#flushing) return
    this.#flushing = true
    setImmediate(() => this.#flush())
  }

  #flush(): void {
    this.#flushing = false
    const messages: string[] = []
    if (this.#reset) messages.push(message('reset', null))
    if (this.#stateDue) messages.push(message('state', this.#state()))
    if (this.#requests.length > 0) messages.push(message('requests', this.#requests))
    this.#requests = []
    // After a reset every account is sent again; after an addAccount, the new ones.
    const from = this.#reset ? 0 : this.#sentAccounts
    const accounts = this.exchange.accounts
    for (let id = from + 1; id <= accounts.length; id++) {
      this.#touched.set(id, { fills: this.#touched.get(id)?.fills ?? [], orders: undefined })
    }
    this.#sentAccounts = accounts.length
    this.#reset = false
    this.#stateDue = false
    for (const [id, touched] of this.#touched) {
      const account = this.#byId(id)
      if (account) messages.push(message('account', this.#account(account, touched)))
    }
    this.#touched.clear()
    if (this.#clients.size === 0 || messages.length === 0) return
    const text = messages.join('')
    // The data dir's counts as the frames leave: their records on disk.
    this.#send(() => this.#write(this.persistence ? text + message('storage', this.control.storage()) : text))
  }

  /** One buffer for every client: what slow clients leave queued is shared, not copied per client. */
  #write(text: string): void {
    const bytes = Buffer.from(text)
    for (const res of this.#clients) {
      if (res.writableLength > EVENT_BACKLOG_BYTES) {
        this.#clients.delete(res)
        this.#dropped++
        res.destroy()
      } else res.write(bytes)
    }
  }

  #send(write: () => void): void {
    if (this.persistence) this.persistence.gate.send(write)
    else write()
  }

  /** The account's last fills over every symbol, oldest first (what a new client starts from). */
  #pastFills(account: Account): Fill[] {
    const fills: Fill[] = []
    for (const symbol of this.exchange.symbols.keys()) {
      const trades = this.control.query('myTrades', { symbol, limit: PAST_FILLS }, account.apiKey)
      for (const t of trades) {
        fills.push({
          symbol: t.symbol,
          orderId: t.orderId,
          tradeId: t.id,
          side: t.isBuyer ? 'BUY' : 'SELL',
          price: t.price,
          qty: t.qty,
          commission: t.commission,
          commissionAsset: t.commissionAsset,
          maker: t.isMaker,
          time: t.time,
        })
      }
    }
    return fills.sort((a, b) => a.time - b.time || a.tradeId - b.tradeId).slice(-PAST_FILLS)
  }

  /** The account's view: every open order, or (`orders` given) only those changed, so that it stays small. */
  #account(account: Account, { fills, orders }: Touched): AccountView {
    const status = this.control.query('account.status', { omitZeroBalances: true }, account.apiKey)
    const base = { apiKey: account.apiKey, uid: account.uid, balances: status.balances }
    if (!orders)
      return { ...base, openOrders: this.control.query('openOrders.status', {}, account.apiKey), fills }
    // Open as `openOrders` lists it: the order holding its client id among the account's open ones (O(1), no walk).
    const isOpen = (o: Order) => {
      const book = this.exchange.book(o.market.symbol)
      return (
        book.clientIdInUse(account.id, o.clientOrderId) &&
        book.findByClientId(account.id, o.clientOrderId) === o
      )
    }
    const changed = [...orders]
    return {
      ...base,
      orders: changed.filter(isOpen).map(orderStatusReport),
      closed: changed.filter((o) => !isOpen(o)).map((o) => ({ symbol: o.market.symbol, orderId: o.id })),
      fills,
    }
  }
}

function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}
