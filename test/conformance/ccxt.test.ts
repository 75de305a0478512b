// Conformance: ccxt's `binance` REST class, unmodified, pointed at the emulator by URL options only (ccxt-settings.ts).
// Every answer is checked against what the emulator holds, read over the WebSocket API with our own client.
import { AuthenticationError, BadRequest, binance, InsufficientFunds, type Order, OrderNotFound } from 'ccxt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticker24hrFull } from '../../src/protocol/results.js'
import type { KeyKind } from './adapter.js'
import { ccxtSettings } from './ccxt-settings.js'
import { format, moved, units } from './decimal.js'
import { loopbackChecks } from './loopback-checks.js'
import { type RestAccount, restTarget, START_BALANCES } from './rest-target.js'
import { KEY_KINDS } from './target.js'

const target = restTarget()
loopbackChecks()

const SYMBOL = 'BTC/USDT'
const ID = 'BTCUSDT'

/** A price level as ccxt parses it. */
const level = ([price, qty]: readonly [string, string]) => [Number(price), Number(qty)]

describe('ccxt binance: market data', () => {
  let rest: binance
  beforeAll(() => {
    rest = new binance(ccxtSettings(target, target.account('HMAC')))
  })

  it('loadMarkets: one spot market per exchangeInfo symbol, with its filters', async () => {
    const markets = await rest.loadMarkets()
    const info = (await target.account('HMAC').ours.exchangeInfo()).data
    expect(Object.values(markets).map((m) => m?.id)).toEqual(info.symbols.map((s) => s.symbol))
    const s = info.symbols.find((x) => x.symbol === ID)
    const filter = (type: string) => s?.filters.find((f) => f.filterType === type) as Record<string, string>
    expect(rest.market(SYMBOL)).toMatchObject({
      id: ID,
      base: 'BTC',
      quote: 'USDT',
      spot: true,
      active: true,
      precision: {
        price: Number(filter('PRICE_FILTER')['tickSize']),
        amount: Number(filter('LOT_SIZE')['stepSize']),
      },
      limits: {
        amount: { min: Number(filter('LOT_SIZE')['minQty']), max: Number(filter('LOT_SIZE')['maxQty']) },
        cost: { min: Number(filter('NOTIONAL')['minNotional']) },
      },
    })
  })

  it('fetchTime: the emulator clock', async () => {
    const { ours } = target.account('HMAC')
    const before = (await ours.time()).data.serverTime
    const time = await rest.fetchTime()
    const after = (await ours.time()).data.serverTime
    expect(time).toBeGreaterThanOrEqual(before)
    expect(time).toBeLessThanOrEqual(after)
  })

  it('fetchOrderBook: the levels and update id of depth', async () => {
    const book = await rest.fetchOrderBook(SYMBOL, 5)
    const depth = (await target.account('HMAC').ours.depth({ symbol: ID, limit: 5 })).data
    expect(book.bids).toEqual(depth.bids.map(level))
    expect(book.asks).toEqual(depth.asks.map(level))
    expect(book.bids).toHaveLength(5)
    expect(book.nonce).toBe(depth.lastUpdateId)
  })
})

describe('ccxt binance: refusals reach ccxt as its typed errors, and change nothing', () => {
  let rest: binance
  let before: unknown
  beforeAll(async () => {
    const account = target.account('HMAC')
    rest = new binance(ccxtSettings(target, account))
    await rest.loadMarkets()
    before = (await account.ours.accountStatus()).data.balances
  })
  afterAll(async () => {
    expect((await target.account('HMAC').ours.accountStatus()).data.balances).toEqual(before)
  })

  it('a wrong secret: AuthenticationError, -1022', async () => {
    const wrong = new binance({ ...ccxtSettings(target, target.account('HMAC')), secret: 'not-the-secret' })
    await expect(wrong.fetchBalance()).rejects.toThrow(AuthenticationError)
    await expect(wrong.fetchBalance()).rejects.toThrow('"code":-1022')
  })

  it('an unknown API key: AuthenticationError, -2015', async () => {
    const stranger = new binance({ ...ccxtSettings(target, target.account('HMAC')), apiKey: 'nobody' })
    await expect(stranger.fetchBalance()).rejects.toThrow(AuthenticationError)
    await expect(stranger.fetchBalance()).rejects.toThrow('"code":-2015')
  })

  it('more than the balance: InsufficientFunds', async () => {
    await expect(rest.createOrder(SYMBOL, 'limit', 'buy', 100, 57000)).rejects.toThrow(InsufficientFunds)
  })

  it('below the NOTIONAL filter: BadRequest naming the filter', async () => {
    await expect(rest.createOrder(SYMBOL, 'limit', 'buy', 0.00001, 57000)).rejects.toThrow(BadRequest)
    await expect(rest.createOrder(SYMBOL, 'limit', 'buy', 0.00001, 57000)).rejects.toThrow(
      'Filter failure: NOTIONAL',
    )
  })

  it('an order that does not exist: OrderNotFound, to fetch and to cancel', async () => {
    await expect(rest.fetchOrder('999999', SYMBOL)).rejects.toThrow(OrderNotFound)
    await expect(rest.cancelOrder('999999', SYMBOL)).rejects.toThrow(OrderNotFound)
  })
})

function trading(kind: KeyKind) {
  let rest: binance
  let account: RestAccount
  let resting: Order
  let filled: Order
  beforeAll(async () => {
    account = target.account(kind)
    rest = new binance(ccxtSettings(target, account))
    await rest.loadMarkets()
  })
  const status = (order: Order) => account.ours.orderStatus({ symbol: ID, orderId: Number(order.id) })
  const balances = async () => (await account.ours.accountStatus()).data.balances

  it('fetchBalance: the balances of account.status', async () => {
    const balance = await rest.fetchBalance()
    expect(balance.info.balances).toEqual(await balances())
    expect(balance['USDT']).toMatchObject({ free: Number(START_BALANCES.USDT), used: 0 })
    expect(balance['BTC']).toMatchObject({ free: Number(START_BALANCES.BTC), used: 0 })
  })

  it('createOrder LIMIT: a BUY below the market rests, as order.status shows it', async () => {
    resting = await rest.createOrder(SYMBOL, 'limit', 'buy', 0.001, 57000)
    expect(resting).toMatchObject({ status: 'open', type: 'limit', side: 'buy', price: 57000, amount: 0.001 })
    expect(resting.filled).toBe(0)
    expect((await status(resting)).data).toMatchObject({
      clientOrderId: resting.clientOrderId,
      status: 'NEW',
      type: 'LIMIT',
      side: 'BUY',
      price: '57000.00000000',
      origQty: '0.00100000',
    })
  })

  it('fetchOrder: the resting order, as order.status answers', async () => {
    const order = await rest.fetchOrder(resting.id ?? '', SYMBOL)
    expect(order).toMatchObject({ id: resting.id, clientOrderId: resting.clientOrderId, status: 'open' })
    expect(order.info).toEqual((await status(resting)).data)
  })

  it('fetchOpenOrders: what openOrders.status lists', async () => {
    const open = await rest.fetchOpenOrders(SYMBOL)
    expect(open.map((o) => o.id)).toEqual([resting.id])
    expect(open.map((o) => o.info)).toEqual((await account.ours.openOrdersStatus({ symbol: ID })).data)
  })

  it('fetchBalance: the order locks its quote', async () => {
    const balance = await rest.fetchBalance()
    expect(balance.info.balances).toEqual(await balances())
    expect(balance['USDT']).toMatchObject({ used: 57, total: Number(START_BALANCES.USDT) })
  })

  it('cancelOrder: CANCELED, as order.status shows it', async () => {
    const canceled = await rest.cancelOrder(resting.id ?? '', SYMBOL)
    expect(canceled).toMatchObject({ id: resting.id, status: 'canceled' })
    expect((await status(resting)).data.status).toBe('CANCELED')
    expect(await rest.fetchOpenOrders(SYMBOL)).toEqual([])
  })

  it('createOrder MARKET: a BUY fills against the book, as order.status shows it', async () => {
    const ask = (await account.ours.depth({ symbol: ID, limit: 1 })).data.asks[0]?.[0] ?? ''
    filled = await rest.createOrder(SYMBOL, 'market', 'buy', 0.002)
    const held = (await status(filled)).data
    expect(held).toMatchObject({ status: 'FILLED', type: 'MARKET', executedQty: '0.00200000' })
    expect(filled).toMatchObject({
      status: 'closed',
      type: 'market',
      side: 'buy',
      amount: 0.002,
      filled: 0.002,
    })
    expect(filled.cost).toBe(Number(held.cummulativeQuoteQty))
    expect(filled.average).toBe(Number(ask))
  })

  it('fetchMyTrades: the fills of myTrades; balances moved by exactly them', async () => {
    const trades = await rest.fetchMyTrades(SYMBOL)
    const held = (await account.ours.myTrades({ symbol: ID })).data
    expect(trades.map((t) => t.info)).toEqual(held)
    expect(trades.map((t) => t.order)).toEqual(held.map(() => filled.id))
    const balance = await rest.fetchBalance()
    expect(balance.info.balances).toEqual(await balances())
    const total = (asset: 'BTC' | 'USDT') => {
      const b = (balance.info.balances as { asset: string; free: string; locked: string }[]).find(
        (x) => x.asset === asset,
      )
      return units(b?.free ?? '0') + units(b?.locked ?? '0') - units(START_BALANCES[asset])
    }
    expect(format(total('BTC'))).toBe(format(moved(held, 'BTC', 'BTC')))
    expect(format(total('USDT'))).toBe(format(moved(held, 'USDT', 'BTC')))
  })

  it('fetchTicker: the prices and volumes of ticker.24hr', async () => {
    const ticker = await rest.fetchTicker(SYMBOL)
    const held = (await account.ours.ticker24hr({ symbol: ID })).data
    const t = (Array.isArray(held) ? held[0] : held) as Ticker24hrFull
    expect(ticker).toMatchObject({
      symbol: SYMBOL,
      last: Number(t.lastPrice),
      bid: Number(t.bidPrice),
      ask: Number(t.askPrice),
      baseVolume: Number(t.volume),
      quoteVolume: Number(t.quoteVolume),
    })
    expect(ticker.last).toBe(filled.average)
  })

  it('fetchOHLCV: the candles of klines, the fill in the last one', async () => {
    const minute = Math.floor((filled.timestamp ?? 0) / 60_000) * 60_000
    const candles = await rest.fetchOHLCV(SYMBOL, '1m', minute, 1)
    const held = (await account.ours.klines({ symbol: ID, interval: '1m', startTime: minute, limit: 1 })).data
    expect(candles).toEqual(held.map((k) => [k[0], ...k.slice(1, 6).map(Number)]))
    expect(candles[0]?.[0]).toBe(minute)
    expect(candles[0]?.[4]).toBe(filled.average)
  })
}

for (const kind of KEY_KINDS) describe(`ccxt binance with ${kind} keys: trading`, () => trading(kind))
