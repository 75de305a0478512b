// Conformance: ccxt's `pro.binance` streams, unmodified, pointed at the emulator by URL options only (ccxt-settings.ts).
// What each watch delivers is checked against what the emulator holds, read over the WebSocket API with our own client.
// No test waits a fixed time: each one starts watching behind an answer that proves the subscription is live.
import { type Order, pro } from 'ccxt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KeyKind } from './adapter.js'
import { ccxtSettings } from './ccxt-settings.js'
import { format, units } from './decimal.js'
import { loopbackChecks } from './loopback-checks.js'
import { type RestAccount, restTarget } from './rest-target.js'
import { KEY_KINDS } from './target.js'

const target = restTarget()
loopbackChecks()

const SYMBOL = 'BTC/USDT'
const ID = 'BTCUSDT'

type BinancePro = InstanceType<typeof pro.binance>

/** `watch`, marked handled: a test that fails before awaiting it leaves no unhandled rejection behind. */
function started<T>(watch: Promise<T>): Promise<T> {
  watch.catch(() => undefined)
  return watch
}

/** A price level as ccxt parses it. */
const level = ([price, qty]: readonly [string, string]) => [Number(price), Number(qty)]

describe('ccxt pro binance: market streams, all on one connection (/ws/0)', () => {
  let ws: BinancePro
  let account: RestAccount
  let trades: ReturnType<BinancePro['watchTrades']>
  beforeAll(async () => {
    account = target.account('HMAC')
    ws = new pro.binance(ccxtSettings(target, account))
    // What ccxt's own error asks for before its first plain ws:// connection.
    await ws.loadHttpProxyAgent()
    await ws.loadMarkets()
  })
  afterAll(() => ws.close())
  const depth = async () => (await account.ours.depth({ symbol: ID, limit: 5 })).data

  it('watchOrderBook: the book from its snapshot, as depth answers it', async () => {
    // SUBSCRIBEd first on the same connection, so live once the book's own SUBSCRIBE is answered.
    trades = started(ws.watchTrades(SYMBOL))
    // ccxt takes the REST snapshot once the stream answers its SUBSCRIBE, and resolves with the book then.
    const book = await ws.watchOrderBook(SYMBOL)
    const held = await depth()
    expect(book.bids.slice(0, 5)).toEqual(held.bids.map(level))
    expect(book.asks.slice(0, 5)).toEqual(held.asks.map(level))
    expect(book.nonce).toBe(held.lastUpdateId)
  })

  it('watchOrderBook: a new best bid arrives on the diff stream, as depth shows it', async () => {
    const next = started(ws.watchOrderBook(SYMBOL))
    const price = format(units((await depth()).bids[0]?.[0] ?? '0') + units('10'))
    await account.ours.orderPlace({
      symbol: ID,
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity: '0.001',
    })
    const book = await next
    expect(book.bids[0]).toEqual([Number(price), 0.001])
    const held = await depth()
    expect(book.bids.slice(0, 5)).toEqual(held.bids.map(level))
    expect(book.asks.slice(0, 5)).toEqual(held.asks.map(level))
    expect(book.nonce).toBe(held.lastUpdateId)
  })

  it('watchTrades: the fill of a MARKET order, as the emulator records it', async () => {
    const placed = (
      await account.ours.orderPlace({ symbol: ID, side: 'BUY', type: 'MARKET', quantity: '0.0005' })
    ).data
    const fill = placed.fills?.[0]
    expect(placed.fills).toHaveLength(1)
    const [trade, ...more] = await trades
    expect(more).toEqual([])
    const [recorded] = (await account.ours.tradesRecent({ symbol: ID, limit: 1 })).data
    expect(trade).toMatchObject({
      id: String(fill?.tradeId),
      symbol: SYMBOL,
      price: Number(fill?.price),
      amount: Number(fill?.qty),
      side: 'buy',
      timestamp: recorded?.time,
    })
    expect(recorded).toMatchObject({ id: fill?.tradeId, isBuyerMaker: false })
  })
})

function userStream(kind: KeyKind) {
  let ws: BinancePro
  let account: RestAccount
  let resting: Order
  beforeAll(async () => {
    account = target.account(kind)
    ws = new pro.binance(ccxtSettings(target, account))
    // What ccxt's own error asks for before its first plain ws:// connection.
    await ws.loadHttpProxyAgent()
    await ws.loadMarkets()
  })
  afterAll(() => ws.close())
  const status = (id: string | undefined) => account.ours.orderStatus({ symbol: ID, orderId: Number(id) })

  it('watchOrders: an order placed over REST arrives open, as order.status holds it', async () => {
    const watching = started(ws.watchOrders(SYMBOL))
    // Sent after the subscription on the same WebSocket API connection, so answered after it.
    const balance = await ws.fetchBalanceWs()
    // ccxt 4.5.84 parses this answer without its account type, leaving no per-asset entries: compare what it received.
    expect(balance.info.balances).toEqual((await account.ours.accountStatus()).data.balances)
    resting = await ws.createOrder(SYMBOL, 'limit', 'buy', 0.001, 57000)
    const [seen, ...more] = await watching
    expect(more).toEqual([])
    const held = (await status(resting.id)).data
    expect(seen).toMatchObject({
      id: resting.id,
      clientOrderId: held.clientOrderId,
      symbol: SYMBOL,
      type: 'limit',
      side: 'buy',
      status: 'open',
      price: Number(held.price),
      amount: Number(held.origQty),
      filled: 0,
    })
    expect(held.status).toBe('NEW')
  })

  it('watchOrders: its cancel over REST arrives canceled, as order.status holds it', async () => {
    // Already subscribed: the watch is in place before any answer to the cancel can arrive.
    const watching = started(ws.watchOrders(SYMBOL))
    await ws.cancelOrder(resting.id ?? '', SYMBOL)
    const [seen, ...more] = await watching
    expect(more).toEqual([])
    expect(seen).toMatchObject({ id: resting.id, status: 'canceled', filled: 0 })
    expect((await status(resting.id)).data.status).toBe('CANCELED')
  })

  it('watchOrders: a MARKET order fills, closed with its trade, as myTrades holds it', async () => {
    const watching = started(ws.watchOrders(SYMBOL))
    const placing = ws.createOrder(SYMBOL, 'market', 'buy', 0.001)
    // Its reports (NEW, then the TRADE that fills it) may arrive apart: each next watch is in place before the next.
    let orders = await watching
    for (let i = 0; i < 2 && orders.at(-1)?.status !== 'closed'; i++) orders = await ws.watchOrders(SYMBOL)
    const filled = await placing
    const [fill] = (await account.ours.myTrades({ symbol: ID, orderId: Number(filled.id) })).data
    expect(orders.at(-1)).toMatchObject({
      id: filled.id,
      type: 'market',
      status: 'closed',
      filled: 0.001,
      average: Number(fill?.price),
      cost: Number(fill?.quoteQty),
    })
    expect((await status(filled.id)).data.status).toBe('FILLED')
  })
}

for (const kind of KEY_KINDS)
  describe(`ccxt pro binance with ${kind} keys: user data stream`, () => userStream(kind))
