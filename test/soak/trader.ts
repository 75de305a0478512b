// One account's trading in the soak: orders far from the market and crossing it, cancels by id and by client id,
// cancel-replace, amends, order lists, queries. Each change is recorded with the client's answer; an unknown
// outcome is reconciled with `resolveOrderOutcome` in the background, as a careful user would.
import {
  type ApiResponse,
  BinanceError,
  OutcomeUnknownError,
  type WebsocketAPIConnection,
} from '../../src/client/index.js'
import type { ParamsOf } from '../../src/protocol/methods.js'
import type { CancelReplaceErrorData } from '../../src/protocol/results.js'
import { applyResolution, isOpen, isTransient, outcomeOf } from './answers.js'
import type { Deadlines } from './deadlines.js'
import { decimal, MARKETS, type Market, price } from './markets.js'
import type { Change, Epoch, Outcome, Tracked } from './records.js'
import type { Rng } from './rng.js'
import { sleep } from './sleep.js'
import type { Tally } from './tally.js'

/** What all traders share: the current epoch, the deadline watch, the counters. */
export interface TraderShared {
  readonly epoch: () => Epoch
  readonly timeoutMs: number
  readonly deadlines: Deadlines
  readonly calls: Tally
  readonly outcomes: Tally
  readonly resolutions: Tally
  /** How queries ended: `ok` or the error's name. */
  readonly queries: Tally
  /** Answers no soak call should get (e.g. a plain timeout for an order), for the report. */
  readonly unexpected: string[]
  /** A fresh client id. */
  readonly newId: () => string
  /** How long a reconciliation is retried through transport failures before it counts as given up. */
  readonly reconcileForMs: number
}

type Answer<T> = { ok: true; data: T } | { ok: false; err: unknown; outcome: Outcome; detail: string }

interface Pool {
  orders: Tracked[]
  lists: Tracked[]
}

/** Open orders per account and symbol above which a placement becomes a cancel (the exchange allows 200). */
const MAX_OPEN_ORDERS = 60
/** Open lists per account and symbol (each OCO holds a stop leg; the exchange allows 5 such). */
const MAX_OPEN_LISTS = 3
const RESP_TYPES = ['ACK', 'RESULT', 'FULL'] as const

const STEPS = {
  placeFar: 22,
  placeCross: 6,
  cancelById: 9,
  cancelByClientId: 9,
  cancelReplace: 7,
  amend: 7,
  placeList: 4,
  cancelList: 4,
  query: 18,
} as const

export class Trader {
  readonly #pools = new Map<string, Pool>()
  readonly #qty = new WeakMap<Tracked, number>()
  #poolsEpoch = -1

  constructor(
    readonly name: string,
    readonly conn: WebsocketAPIConnection,
    private readonly s: TraderShared,
  ) {}

  /** The open orders and lists known in the current epoch (a new emulator process knows none of the old). */
  #pool(symbol: string): Pool {
    const n = this.s.epoch().n
    if (n !== this.#poolsEpoch) {
      this.#pools.clear()
      this.#poolsEpoch = n
    }
    let pool = this.#pools.get(symbol)
    if (!pool) {
      pool = { orders: [], lists: [] }
      this.#pools.set(symbol, pool)
    }
    return pool
  }

  /** One operation drawn by `rng`; resolves with its outcome once the answer is in. */
  step(rng: Rng): Promise<Outcome> {
    const m = rng.pick(MARKETS)
    switch (rng.weighted(STEPS)) {
      case 'placeFar':
        return this.#place(rng, m, false)
      case 'placeCross':
        return this.#place(rng, m, true)
      case 'cancelById':
        return this.#cancel(rng, m, false)
      case 'cancelByClientId':
        return this.#cancel(rng, m, true)
      case 'cancelReplace':
        return this.#cancelReplace(rng, m)
      case 'amend':
        return this.#amend(rng, m)
      case 'placeList':
        return this.#placeList(rng, m)
      case 'cancelList':
        return this.#cancelList(rng, m)
      case 'query':
        return this.#query(rng, m)
    }
  }

  async #call<T>(method: string, send: () => Promise<ApiResponse<T>>): Promise<Answer<T>> {
    this.s.calls.add(method)
    try {
      const r = await this.s.deadlines.watch(method, this.s.timeoutMs, send())
      this.s.outcomes.add('ok')
      return { ok: true, data: r.data }
    } catch (err) {
      const o = outcomeOf(err)
      const code = err instanceof BinanceError ? ` ${err.code}` : ''
      this.s.outcomes.add(`${o.outcome}${code}`)
      if (o.outcome === 'unexpected' && this.s.unexpected.length < 20)
        this.s.unexpected.push(`${method}: ${o.detail}`)
      return { ok: false, err, ...o }
    }
  }

  /** Records a failed answer; an unknown outcome is reconciled, then `after` runs. */
  #failed(a: Extract<Answer<unknown>, { ok: false }>, changes: Change[], after: () => void): void {
    for (const c of changes) {
      c.outcome = a.outcome
      c.detail = a.detail
      c.belief = a.outcome === 'unknown' || a.outcome === 'unexpected' ? 'maybe' : 'no'
      if (a.outcome !== 'unknown') c.endedAt = Date.now()
    }
    if (a.err instanceof OutcomeUnknownError) this.#reconcile(a.err, changes, after)
    else after()
  }

  #succeeded(c: Change, claim: Change['claim']): void {
    c.outcome = 'ok'
    c.belief = 'yes'
    c.claim = claim
    c.endedAt = Date.now()
  }

  /** Asks `resolveOrderOutcome` (again after transport failures) and applies its answer to the first change. */
  #reconcile(err: OutcomeUnknownError, changes: Change[], after: () => void): void {
    const [main] = changes as [Change, ...Change[]]
    const run = async () => {
      const until = Date.now() + this.s.reconcileForMs
      for (;;) {
        const wait = Math.max(0, (err.sentAt ?? 0) + err.recvWindow - this.conn.serverTime())
        try {
          const result = await this.s.deadlines.watch(
            'resolveOrderOutcome',
            wait + this.s.timeoutMs,
            Promise.resolve().then(() => this.conn.resolveOrderOutcome(err)),
          )
          applyResolution(main, result)
          break
        } catch (e) {
          if (isTransient(e) && Date.now() < until) {
            await sleep(250)
            continue
          }
          main.resolution = isTransient(e) ? 'gaveUp' : 'threw'
          main.detail += `; resolveOrderOutcome: ${(e as Error).name}: ${(e as Error).message}`
          break
        }
      }
      for (const c of changes.slice(1)) c.resolution = main.resolution
      this.s.resolutions.add(`${main.kind}: ${main.resolution ?? 'gaveUp'}`)
      after()
      const end = Date.now()
      for (const c of changes) c.endedAt = end
    }
    void this.s.deadlines.watch(
      'reconciliation',
      this.s.reconcileForMs + err.recvWindow + 2 * this.s.timeoutMs,
      run(),
    )
  }

  /** Knows the order (list) from now on; open ones may be changed later in the same epoch. */
  #adopt(
    origin: Change,
    type: Tracked['type'],
    id: number,
    clientId: string,
    open: boolean,
    units = 0,
  ): void {
    const epoch = this.s.epoch()
    if (origin.epoch !== epoch.n) return
    const t = epoch.track(type, origin, id, clientId, open)
    if (units) this.#qty.set(t, units)
    if (open) (type === 'list' ? this.#pool(origin.symbol).lists : this.#pool(origin.symbol).orders).push(t)
  }

  /** Takes a random open order (list) out of the pool while a change to it runs. */
  #take(rng: Rng, symbol: string, type: Tracked['type']): Tracked | undefined {
    const pool = this.#pool(symbol)
    const items = type === 'list' ? pool.lists : pool.orders
    if (items.length === 0) return undefined
    const [t] = items.splice(rng.int(0, items.length - 1), 1) as [Tracked]
    t.busy = true
    return t
  }

  #release(t: Tracked): void {
    t.busy = false
    if (!t.open || t.origin.epoch !== this.s.epoch().n) return
    const pool = this.#pool(t.symbol)
    ;(t.type === 'list' ? pool.lists : pool.orders).push(t)
  }

  /** A change's target after it: closed if the change executed or may have, back in the pool if it did not. */
  #settleTarget(t: Tracked, c: Change, closes: boolean): void {
    if (c.belief === 'yes' && c.marker !== undefined) t.clientId = c.marker
    if (c.belief !== 'no' && (closes || c.belief === 'maybe')) t.open = false
    if (c.outcome === 'rejected' && c.kind !== 'amend') t.open = false
    if (c.claim?.status !== undefined && !isOpen(c.claim.status)) t.open = false
    this.#release(t)
  }

  async #place(rng: Rng, m: Market, cross: boolean): Promise<Outcome> {
    if (!cross && this.#pool(m.symbol).orders.length >= MAX_OPEN_ORDERS) return this.#cancel(rng, m, false)
    const side = rng.chance(0.5) ? 'BUY' : 'SELL'
    const whole = cross
      ? side === 'BUY'
        ? m.crossBuy
        : m.crossSell
      : rng.int(...(side === 'BUY' ? m.farBuy : m.farSell))
    const units = rng.int(...m.qty)
    const id = rng.chance(0.5) ? this.s.newId() : undefined
    const change = this.s.epoch().begin('place', 'order.place', this.name, m.symbol, id)
    const params: ParamsOf<'order.place'> = {
      symbol: m.symbol,
      side,
      type: 'LIMIT',
      timeInForce: cross && rng.chance(0.5) ? 'IOC' : 'GTC',
      price: price(whole),
      quantity: decimal(units, m.qtyDecimals),
      newOrderRespType: rng.pick(RESP_TYPES),
    }
    if (id !== undefined) params.newClientOrderId = id
    const a = await this.#call('order.place', () => this.conn.orderPlace(params))
    if (a.ok) {
      change.marker = a.data.clientOrderId
      this.#succeeded(change, { orderId: a.data.orderId, ...(a.data.status && { status: a.data.status }) })
      this.#adopt(
        change,
        'order',
        a.data.orderId,
        a.data.clientOrderId,
        !cross && isOpen(a.data.status),
        units,
      )
      return 'ok'
    }
    if (a.err instanceof OutcomeUnknownError) change.marker ??= a.err.clientOrderId
    this.#failed(a, [change], () => {
      const orderId = change.claim?.orderId
      if (change.belief === 'yes' && orderId !== undefined && change.marker !== undefined)
        this.#adopt(change, 'order', orderId, change.marker, !cross && isOpen(change.claim?.status), units)
    })
    return a.outcome
  }

  async #cancel(rng: Rng, m: Market, byClientId: boolean): Promise<Outcome> {
    const t = this.#take(rng, m.symbol, 'order')
    if (!t) return this.#place(rng, m, false)
    // Most cancels name the new client id; the others get one from the server (learned from the answer).
    const id = rng.chance(0.7) ? this.s.newId() : undefined
    const change = this.s.epoch().begin('cancel', 'order.cancel', this.name, m.symbol, id, t)
    const params: ParamsOf<'order.cancel'> = { symbol: m.symbol }
    if (id !== undefined) params.newClientOrderId = id
    if (byClientId) params.origClientOrderId = t.clientId
    else params.orderId = t.id
    const a = await this.#call('order.cancel', () => this.conn.orderCancel(params))
    if (a.ok) {
      const r = a.data as { clientOrderId?: string; status?: string }
      change.marker = r.clientOrderId
      this.#succeeded(change, { orderId: t.id, ...(r.status && { status: r.status }) })
      this.#settleTarget(t, change, true)
      return 'ok'
    }
    this.#failed(a, [change], () => this.#settleTarget(t, change, true))
    return a.outcome
  }

  async #amend(rng: Rng, m: Market): Promise<Outcome> {
    const t = this.#take(rng, m.symbol, 'order')
    if (!t) return this.#place(rng, m, false)
    const units = this.#qty.get(t) ?? 0
    if (units < 2) {
      this.#release(t)
      return this.#cancel(rng, m, true)
    }
    const newUnits = rng.int(1, units - 1)
    const id = this.s.newId()
    const change = this.s.epoch().begin('amend', 'order.amend.keepPriority', this.name, m.symbol, id, t)
    const params: ParamsOf<'order.amend.keepPriority'> = {
      symbol: m.symbol,
      newQty: decimal(newUnits, m.qtyDecimals),
      newClientOrderId: id,
    }
    if (rng.chance(0.5)) params.origClientOrderId = t.clientId
    else params.orderId = t.id
    const a = await this.#call('order.amend.keepPriority', () => this.conn.orderAmendKeepPriority(params))
    if (a.ok) {
      this.#succeeded(change, { orderId: t.id, status: a.data.amendedOrder.status })
      this.#qty.set(t, newUnits)
      this.#settleTarget(t, change, false)
      return 'ok'
    }
    this.#failed(a, [change], () => {
      if (change.belief === 'yes') this.#qty.set(t, newUnits)
      this.#settleTarget(t, change, false)
    })
    return a.outcome
  }

  async #cancelReplace(rng: Rng, m: Market): Promise<Outcome> {
    const t = this.#take(rng, m.symbol, 'order')
    if (!t) return this.#place(rng, m, false)
    const epoch = this.s.epoch()
    const cancelId = rng.chance(0.7) ? this.s.newId() : undefined
    const newId = rng.chance(0.5) ? this.s.newId() : undefined
    const cancel = epoch.begin('replaceCancel', 'order.cancelReplace', this.name, m.symbol, cancelId, t)
    const place = epoch.begin('replacePlace', 'order.cancelReplace', this.name, m.symbol, newId)
    const side = rng.chance(0.5) ? 'BUY' : 'SELL'
    const units = rng.int(...m.qty)
    const params: ParamsOf<'order.cancelReplace'> = {
      symbol: m.symbol,
      cancelReplaceMode: 'STOP_ON_FAILURE',
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: price(rng.int(...(side === 'BUY' ? m.farBuy : m.farSell))),
      quantity: decimal(units, m.qtyDecimals),
      newOrderRespType: rng.pick(RESP_TYPES),
    }
    if (newId !== undefined) params.newClientOrderId = newId
    if (cancelId !== undefined) params.cancelNewClientOrderId = cancelId
    if (rng.chance(0.5)) params.cancelOrigClientOrderId = t.clientId
    else params.cancelOrderId = t.id
    const a = await this.#call('order.cancelReplace', () => this.conn.orderCancelReplace(params))
    const adoptNew = (orderId: number, clientId: string) => {
      place.marker = clientId
      this.#adopt(place, 'order', orderId, clientId, true, units)
    }
    if (a.ok) {
      cancel.marker = (a.data.cancelResponse as { clientOrderId?: string }).clientOrderId
      this.#succeeded(cancel, { orderId: t.id })
      this.#succeeded(place, { orderId: a.data.newOrderResponse.orderId })
      adoptNew(a.data.newOrderResponse.orderId, a.data.newOrderResponse.clientOrderId)
      this.#settleTarget(t, cancel, true)
      return 'ok'
    }
    if (a.err instanceof BinanceError && a.outcome === 'rejected' && a.err.data?.['cancelResult']) {
      // -2021/-2022 say which part went through.
      const d = a.err.data as unknown as CancelReplaceErrorData
      const end = Date.now()
      for (const c of [cancel, place])
        Object.assign(c, { outcome: a.outcome, detail: a.detail, endedAt: end })
      cancel.belief = d.cancelResult === 'SUCCESS' ? 'yes' : 'no'
      if (cancel.belief === 'yes' && 'clientOrderId' in d.cancelResponse)
        cancel.marker ??= d.cancelResponse.clientOrderId
      place.belief = 'no'
      const placed = d.newOrderResponse
      if (d.newOrderResult === 'SUCCESS' && placed && 'orderId' in placed) {
        place.belief = 'yes'
        place.claim = { orderId: placed.orderId }
        adoptNew(placed.orderId, placed.clientOrderId)
      }
      this.#settleTarget(t, cancel, true)
      return a.outcome
    }
    if (a.err instanceof OutcomeUnknownError) place.marker ??= a.err.clientOrderId
    this.#failed(a, [place, cancel], () => {
      // STOP_ON_FAILURE: the new order exists only if the cancel went through.
      if (place.belief === 'yes') cancel.belief = 'yes'
      const orderId = place.claim?.orderId
      if (place.belief === 'yes' && orderId !== undefined && place.marker !== undefined)
        adoptNew(orderId, place.marker)
      this.#settleTarget(t, cancel, true)
    })
    return a.outcome
  }

  async #placeList(rng: Rng, m: Market): Promise<Outcome> {
    if (this.#pool(m.symbol).lists.length >= MAX_OPEN_LISTS) return this.#cancelList(rng, m)
    const oco = rng.chance(0.5)
    const method = oco ? 'orderList.place.oco' : 'orderList.place.oto'
    const id = rng.chance(0.5) ? this.s.newId() : undefined
    const change = this.s.epoch().begin('placeList', method, this.name, m.symbol, id)
    const quantity = decimal(rng.int(...m.qty), m.qtyDecimals)
    const low = rng.int(...m.farBuy)
    const high = price(rng.int(...m.farSell))
    const common = { symbol: m.symbol, newOrderRespType: rng.pick(RESP_TYPES) } as const
    const send = oco
      ? () =>
          this.conn.orderListPlaceOco({
            ...common,
            ...(id === undefined ? {} : { listClientOrderId: id }),
            side: 'SELL',
            quantity,
            aboveType: 'LIMIT_MAKER',
            abovePrice: high,
            belowType: 'STOP_LOSS_LIMIT',
            belowStopPrice: price(low),
            belowPrice: price(low - 10),
            belowTimeInForce: 'GTC',
          })
      : () =>
          this.conn.orderListPlaceOto({
            ...common,
            ...(id === undefined ? {} : { listClientOrderId: id }),
            workingType: 'LIMIT',
            workingSide: 'BUY',
            workingPrice: price(low),
            workingQuantity: quantity,
            workingTimeInForce: 'GTC',
            pendingType: 'LIMIT',
            pendingSide: 'SELL',
            pendingPrice: high,
            pendingQuantity: quantity,
            pendingTimeInForce: 'GTC',
          })
    const a = await this.#call(method, send)
    if (a.ok) {
      change.marker = a.data.listClientOrderId
      this.#succeeded(change, { orderListId: a.data.orderListId, status: a.data.listOrderStatus })
      this.#adopt(change, 'list', a.data.orderListId, a.data.listClientOrderId, true)
      return 'ok'
    }
    if (a.err instanceof OutcomeUnknownError) change.marker ??= a.err.listClientOrderId
    this.#failed(a, [change], () => {
      const listId = change.claim?.orderListId
      if (change.belief === 'yes' && listId !== undefined && change.marker !== undefined)
        this.#adopt(change, 'list', listId, change.marker, isOpen(change.claim?.status))
    })
    return a.outcome
  }

  async #cancelList(rng: Rng, m: Market): Promise<Outcome> {
    const t = this.#take(rng, m.symbol, 'list')
    if (!t) return this.#placeList(rng, m)
    const id = rng.chance(0.7) ? this.s.newId() : undefined
    const change = this.s.epoch().begin('cancelList', 'orderList.cancel', this.name, m.symbol, id, t)
    const params: ParamsOf<'orderList.cancel'> = { symbol: m.symbol }
    if (id !== undefined) params.newClientOrderId = id
    if (rng.chance(0.5)) params.listClientOrderId = t.clientId
    else params.orderListId = t.id
    const a = await this.#call('orderList.cancel', () => this.conn.orderListCancel(params))
    if (a.ok) {
      change.marker = a.data.listClientOrderId
      this.#succeeded(change, { orderListId: t.id, status: a.data.listOrderStatus })
      this.#settleTarget(t, change, true)
      return 'ok'
    }
    this.#failed(a, [change], () => this.#settleTarget(t, change, true))
    return a.outcome
  }

  async #query(rng: Rng, m: Market): Promise<Outcome> {
    const known = this.#pool(m.symbol).orders
    const t = known.length ? rng.pick(known) : undefined
    if (t && rng.chance(0.4))
      return this.#ask('order.status', () => this.conn.orderStatus({ symbol: m.symbol, orderId: t.id }))
    return rng.pick([
      () => this.#ask('openOrders.status', () => this.conn.openOrdersStatus({ symbol: m.symbol })),
      () => this.#ask('account.status', () => this.conn.accountStatus()),
      () => this.#ask('depth', () => this.conn.depth({ symbol: m.symbol, limit: 5 })),
      () => this.#ask('openOrderLists.status', () => this.conn.openOrderListsStatus()),
    ])()
  }

  /** A query: only its deadline is checked (a lost socket is a plain ConnectionClosedError for it). */
  async #ask<T>(method: string, send: () => Promise<ApiResponse<T>>): Promise<Outcome> {
    this.s.calls.add(method)
    try {
      await this.s.deadlines.watch(method, this.s.timeoutMs, send())
      this.s.queries.add('ok')
      return 'ok'
    } catch (err) {
      this.s.queries.add((err as Error).name)
      return outcomeOf(err).outcome === 'unsent' ? 'unsent' : 'rejected'
    }
  }
}
