// The shared conformance scenario: one client, one key kind, driven through its own public API, step by step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  AdapterFactory,
  Balance,
  Book,
  ConformanceAdapter,
  KeyKind,
  Order,
  SymbolRules,
  UserEvent,
} from './adapter.js'
import { format, minQuantity, same, scaleDown, scaleUp, units } from './decimal.js'
import { loopbackChecks } from './loopback-checks.js'
import { isLoopback, removeLoopbackGuard } from './loopback-guard.js'
import { type Environment, KEY_KINDS, openEnvironment, useTestnet } from './target.js'

/** Every wait in the scenario ends after this long. */
const WAIT_MS = 10_000

/** Collects user data events; `next` resolves with the first (backlog included) that matches. */
class Inbox {
  readonly events: UserEvent[] = []
  #waiters: { match: (e: UserEvent) => boolean; resolve: (e: UserEvent) => void }[] = []

  push = (e: UserEvent): void => {
    this.events.push(e)
    for (const w of this.#waiters.filter((w) => w.match(e))) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1)
      w.resolve(e)
    }
  }

  next(match: (e: UserEvent) => boolean, what: string): Promise<UserEvent> {
    const seen = this.events.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS)
      const done = (e: UserEvent) => {
        clearTimeout(timer)
        resolve(e)
      }
      this.#waiters.push({ match, resolve: done })
    })
  }
}

const total = (balances: Balance[], asset: string): bigint => {
  const b = balances.find((x) => x.asset === asset)
  return b ? units(b.free) + units(b.locked) : 0n
}

/** The commission a fill list charged in `asset`. */
const commissionIn = (order: Order, asset: string): bigint =>
  (order.fills ?? []).filter((f) => f.commissionAsset === asset).reduce((s, f) => s + units(f.commission), 0n)

const run = Date.now().toString(36)
let seq = 0
/** A client order id unique to this run (Binance allows 36 characters of `[.A-Z:/a-z0-9_-]`). */
const newId = (kind: KeyKind) => `cf-${kind.toLowerCase()}-${run}-${++seq}`

function scenario(factory: AdapterFactory, kind: KeyKind, env: () => Environment) {
  let adapter: ConformanceAdapter
  let symbol: string
  let rules: SymbolRules
  let book: Book
  let quantity: string
  let before: Balance[]
  let resting: Order
  let filled: Order
  const clientId = (kind: KeyKind) => {
    const id = newId(kind)
    return adapter.clientOrderId?.(id) ?? id
  }

  beforeAll(async () => {
    const credentials = env().credentials(kind)
    if (!credentials) throw new Error(`no ${kind} credentials`)
    symbol = env().target.symbol
    adapter = await factory.create(env().target, credentials)
  })
  afterAll(() => adapter?.close())

  it('market data: time, exchangeInfo, depth, ticker.price', async () => {
    expect(Math.abs((await adapter.time()) - Date.now())).toBeLessThan(60_000)
    rules = await adapter.rules(symbol)
    expect(rules).toMatchObject({ symbol, orderTypes: expect.arrayContaining(['LIMIT', 'MARKET']) })
    expect(units(rules.tickSize)).toBeGreaterThan(0n)
    book = await adapter.depth(symbol, 5)
    expect(book.bids.length).toBeGreaterThan(0)
    expect(book.asks.length).toBeGreaterThan(0)
    const bids = book.bids.map(([p]) => units(p))
    const asks = book.asks.map(([p]) => units(p))
    expect([...bids].sort((a, b) => (a > b ? -1 : 1))).toEqual(bids)
    expect([...asks].sort((a, b) => (a < b ? -1 : 1))).toEqual(asks)
    expect(bids[0]).toBeLessThan(asks[0] ?? 0n)
    expect(await adapter.tickerPrice(symbol)).toMatch(/^\d+\.\d+$/)
    before = await adapter.balances()
    const bestAsk = book.asks[0]?.[0] ?? '0'
    quantity = minQuantity(bestAsk, rules.minNotional, rules.minQty, rules.stepSize)
  })

  it('order.place: a LIMIT BUY below the market rests as NEW', async () => {
    const price = scaleDown(book.bids[0]?.[0] ?? '0', 95n, rules.tickSize)
    const clientOrderId = clientId(kind)
    resting = await adapter.placeLimit({ symbol, side: 'BUY', price, quantity, clientOrderId })
    expect(resting).toMatchObject({ clientOrderId, status: 'NEW', type: 'LIMIT', side: 'BUY' })
    expect(same(resting.price, price)).toBe(true)
    expect(same(resting.origQty, quantity)).toBe(true)
    expect(same(resting.executedQty, '0')).toBe(true)
  })

  it('order.status: the resting order, by orderId', async () => {
    const s = await adapter.orderStatus(symbol, resting.orderId)
    expect(s).toMatchObject({ orderId: resting.orderId, clientOrderId: resting.clientOrderId, status: 'NEW' })
  })

  it('order.cancel: CANCELED, and order.status agrees', async () => {
    expect(await adapter.cancelOrder(symbol, resting.orderId)).toMatchObject({
      orderId: resting.orderId,
      status: 'CANCELED',
    })
    expect((await adapter.orderStatus(symbol, resting.orderId)).status).toBe('CANCELED')
    const err = await adapter.cancelOrder(symbol, resting.orderId).catch((e: unknown) => e)
    expect(adapter.apiError(err)).toMatchObject({ code: -2011 })
  })

  it('order.place: a MARKET BUY fills, FULL response with fills', async () => {
    const clientOrderId = clientId(kind)
    filled = await adapter.placeMarket({ symbol, side: 'BUY', quantity, clientOrderId })
    expect(filled).toMatchObject({ clientOrderId, status: 'FILLED', type: 'MARKET' })
    expect(same(filled.executedQty, quantity)).toBe(true)
    const fills = filled.fills ?? []
    expect(fills.length).toBeGreaterThan(0)
    expect(format(fills.reduce((s, f) => s + units(f.qty), 0n))).toBe(format(units(quantity)))
    const quote = fills.reduce((s, f) => s + (units(f.price) * units(f.qty)) / 100_000_000n, 0n)
    expect(format(quote)).toBe(format(units(filled.cummulativeQuoteQty)))
  })

  it('orderList.place.oco: a SELL OCO around the market, then orderList.cancel', async () => {
    const last = filled.fills?.[0]?.price ?? book.asks[0]?.[0] ?? '0'
    const params = {
      symbol,
      side: 'SELL' as const,
      quantity,
      abovePrice: scaleUp(last, 105n, rules.tickSize),
      belowStopPrice: scaleDown(last, 95n, rules.tickSize),
      belowPrice: scaleDown(last, 94n, rules.tickSize),
      listClientOrderId: clientId(kind),
    }
    const list = await adapter.placeOco(params)
    expect(list).toMatchObject({
      listClientOrderId: params.listClientOrderId,
      contingencyType: 'OCO',
      listStatusType: 'EXEC_STARTED',
      listOrderStatus: 'EXECUTING',
    })
    expect(list.orders).toHaveLength(2)
    const cancelled = await adapter.cancelOrderList(symbol, list.orderListId)
    expect(cancelled).toMatchObject({ orderListId: list.orderListId, listStatusType: 'ALL_DONE' })
  })

  it('account.status: balances moved by exactly the fill and its commission', async () => {
    const after = await adapter.balances()
    const base = rules.baseAsset
    const quote = rules.quoteAsset
    expect(format(total(after, base) - total(before, base))).toBe(
      format(units(filled.executedQty) - commissionIn(filled, base)),
    )
    expect(format(total(before, quote) - total(after, quote))).toBe(
      format(units(filled.cummulativeQuoteQty) + commissionIn(filled, quote)),
    )
  })

  it('user data stream: executionReport and outboundAccountPosition for a fill', async () => {
    const inbox = new Inbox()
    const subscribe = adapter.subscribeUserData
    if (!subscribe) throw new Error('adapter has no subscribeUserData')
    const sub = await subscribe(inbox.push)
    try {
      const clientOrderId = clientId(kind)
      const order = await adapter.placeMarket({ symbol, side: 'BUY', quantity, clientOrderId })
      const report = await inbox.next(
        (e) => e.e === 'executionReport' && e['c'] === clientOrderId && e['X'] === 'FILLED',
        'FILLED executionReport',
      )
      expect(report).toMatchObject({ s: symbol, S: 'BUY', o: 'MARKET', i: order.orderId })
      expect(same(String(report['z']), quantity)).toBe(true)
      const position = await inbox.next((e) => e.e === 'outboundAccountPosition', 'outboundAccountPosition')
      expect(position['B']).toEqual(expect.arrayContaining([expect.objectContaining({ a: rules.baseAsset })]))
    } finally {
      await sub.close()
    }
  })
}

/** Registers the scenario for `factory` once per key kind, against the emulator (or testnet when asked). */
export function conformanceSuite(factory: AdapterFactory): void {
  let environment: Environment
  const env = () => environment
  beforeAll(async () => {
    environment = await openEnvironment()
  })
  afterAll(async () => {
    await environment?.close()
    removeLoopbackGuard()
  })

  describe('target', () => {
    it.runIf(!useTestnet)('is the emulator on loopback, and CI never targets anything else', () => {
      if (process.env['CI']) expect(useTestnet).toBe(false)
      expect(environment.target.emulator).toBe(true)
      expect(isLoopback(new URL(environment.target.url).hostname)).toBe(true)
    })
  })
  if (!useTestnet) loopbackChecks()

  for (const kind of KEY_KINDS) {
    const configured = !useTestnet || Boolean(process.env[`BINANCE_TESTNET_${kind}_API_KEY`])
    describe.runIf(configured)(`${factory.client} with ${kind} keys`, () => scenario(factory, kind, env))
  }
}
