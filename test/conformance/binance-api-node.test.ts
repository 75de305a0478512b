// Conformance: binance-api-node, unmodified, pointed at the emulator by its `httpBase` and `wsApi` options only. What its
// REST calls and user data stream give is checked against what the emulator holds, read with our own client.
import { createRequire } from 'node:module'
import { beforeAll, describe, expect, it } from 'vitest'
import type { KeyKind } from './adapter.js'
import { format, moved, units } from './decimal.js'
import { loopbackChecks } from './loopback-checks.js'
import { type RestAccount, restTarget, START_BALANCES } from './rest-target.js'
import { KEY_KINDS } from './target.js'

const target = restTarget()
loopbackChecks()

const SYMBOL = 'BTCUSDT'

/**
 * The package is CommonJS; its README loads it with `require('binance-api-node').default`. Loaded that way here too,
 * since what an ESM default import of it gives differs between Node and Vitest's interop.
 */
const {
  default: Binance,
  OrderSide,
  OrderType,
} = createRequire(import.meta.url)('binance-api-node') as typeof import('binance-api-node')

/** The client as a user makes it: the key, the secret (HMAC) or private key (RSA, Ed25519), and the two base URLs. */
function client(account: RestAccount) {
  const secret = account.kind === 'HMAC' ? { apiSecret: account.secret } : { privateKey: account.secret }
  return Binance({ apiKey: account.apiKey, ...secret, httpBase: target.http, wsApi: target.wsApi })
}

/** A user data event as binance-api-node hands it over (its own names, e.g. `orderStatus` for `X`). */
type UserEvent = Record<string, unknown> & { eventType: string }

describe('binance-api-node: market data', () => {
  let rest: ReturnType<typeof client>
  beforeAll(() => {
    rest = client(target.account('HMAC'))
  })

  it('time: the emulator clock', async () => {
    const { ours } = target.account('HMAC')
    const before = (await ours.time()).data.serverTime
    // Typed as `{ serverTime }`, but the package resolves with the number itself.
    const time: unknown = await rest.time()
    const after = (await ours.time()).data.serverTime
    expect(time).toBeGreaterThanOrEqual(before)
    expect(time).toBeLessThanOrEqual(after)
  })

  it('exchangeInfo: what exchangeInfo answers over the WebSocket API, with REST limits (RAW_REQUESTS, not CONNECTIONS)', async () => {
    const info = await rest.exchangeInfo()
    const held = (await target.account('HMAC').ours.exchangeInfo()).data
    const restLimits = held.rateLimits.map((r) =>
      r.rateLimitType === 'CONNECTIONS' ? { ...r, rateLimitType: 'RAW_REQUESTS', limit: 300_000 } : r,
    )
    expect({ ...info, serverTime: 0 }).toEqual({ ...held, rateLimits: restLimits, serverTime: 0 })
  })

  it('book: the levels and update id of depth', async () => {
    const book = await rest.book({ symbol: SYMBOL, limit: 5 })
    const depth = (await target.account('HMAC').ours.depth({ symbol: SYMBOL, limit: 5 })).data
    const named = ([price, quantity]: [string, string]) => ({ price, quantity })
    expect(book).toEqual({
      lastUpdateId: depth.lastUpdateId,
      bids: depth.bids.map(named),
      asks: depth.asks.map(named),
    })
    expect(book.bids).toHaveLength(5)
  })
})

describe('binance-api-node: refusals carry the code and message, and change nothing', () => {
  it('more than the balance: -2010, the balance untouched', async () => {
    const account = target.account('HMAC')
    const before = (await account.ours.accountStatus()).data.balances
    const order = client(account).order({
      symbol: SYMBOL,
      side: OrderSide.BUY,
      type: OrderType.LIMIT,
      price: '57000',
      quantity: '100',
    })
    await expect(order).rejects.toMatchObject({
      code: -2010,
      message: 'Account has insufficient balance for requested action.',
    })
    expect((await account.ours.accountStatus()).data.balances).toEqual(before)
  })

  it('a wrong secret: -1022', async () => {
    const wrong = Binance({
      apiKey: target.account('HMAC').apiKey,
      apiSecret: 'not-the-secret',
      httpBase: target.http,
    })
    await expect(wrong.accountInfo()).rejects.toMatchObject({
      code: -1022,
      message: 'Signature for this request is not valid.',
    })
  })
})

function trading(kind: KeyKind) {
  let rest: ReturnType<typeof client>
  let account: RestAccount
  let restingId: number
  beforeAll(() => {
    account = target.account(kind)
    rest = client(account)
  })
  const status = (orderId: number) => account.ours.orderStatus({ symbol: SYMBOL, orderId })

  it('order LIMIT: a BUY below the market rests, as order.status shows it', async () => {
    const placed = await rest.order({
      symbol: SYMBOL,
      side: OrderSide.BUY,
      type: OrderType.LIMIT,
      price: '57000',
      quantity: '0.001',
    })
    restingId = placed.orderId
    const held = (await status(restingId)).data
    expect(held).toMatchObject({
      clientOrderId: placed.clientOrderId,
      status: 'NEW',
      type: 'LIMIT',
      side: 'BUY',
      price: '57000.00000000',
      origQty: '0.00100000',
    })
    expect(placed).toMatchObject({ status: 'NEW', price: held.price, origQty: held.origQty })
  })

  it('getOrder: what order.status answers', async () => {
    expect(await rest.getOrder({ symbol: SYMBOL, orderId: restingId })).toEqual(
      (await status(restingId)).data,
    )
  })

  it('openOrders: what openOrders.status lists', async () => {
    const open = await rest.openOrders({ symbol: SYMBOL })
    expect(open.map((o) => o.orderId)).toEqual([restingId])
    expect(open).toEqual((await account.ours.openOrdersStatus({ symbol: SYMBOL })).data)
  })

  it('accountInfo: what account.status answers, the order locking its quote', async () => {
    const info = await rest.accountInfo()
    const held = (await account.ours.accountStatus()).data
    expect(info).toEqual(held)
    expect(info.balances.find((b) => b.asset === 'USDT')).toMatchObject({ locked: '57.00000000' })
  })

  it('cancelOrder: CANCELED, as order.status shows it', async () => {
    const canceled = await rest.cancelOrder({ symbol: SYMBOL, orderId: restingId })
    expect(canceled).toMatchObject({ orderId: restingId, status: 'CANCELED' })
    expect((await status(restingId)).data.status).toBe('CANCELED')
    expect(await rest.openOrders({ symbol: SYMBOL })).toEqual([])
  })

  it('order MARKET and myTrades: the fill, as order.status and myTrades hold it', async () => {
    const placed = await rest.order({
      symbol: SYMBOL,
      side: OrderSide.BUY,
      type: OrderType.MARKET,
      quantity: '0.002',
    })
    const held = (await status(placed.orderId)).data
    expect(held).toMatchObject({ status: 'FILLED', executedQty: '0.00200000' })
    expect(placed).toMatchObject({
      status: 'FILLED',
      executedQty: held.executedQty,
      cummulativeQuoteQty: held.cummulativeQuoteQty,
    })
    const trades = await rest.myTrades({ symbol: SYMBOL })
    expect(trades).toEqual((await account.ours.myTrades({ symbol: SYMBOL })).data)
    expect(trades.map((t) => t.orderId)).toEqual(trades.map(() => placed.orderId))
    const balances = (await rest.accountInfo()).balances
    const change = (asset: string) => units(balances.find((b) => b.asset === asset)?.free ?? '0')
    expect(format(change('BTC') - units(START_BALANCES.BTC))).toBe(format(moved(trades, 'BTC', 'BTC')))
    expect(format(change('USDT') - units(START_BALANCES.USDT))).toBe(format(moved(trades, 'USDT', 'BTC')))
  })

  it('ws.user: a fill arrives as executionReport and outboundAccountPosition, as the emulator holds them', async () => {
    const events: UserEvent[] = []
    let positioned = () => {}
    const position = new Promise<void>((resolve) => {
      positioned = resolve
    })
    // Resolves once the WebSocket API answers its userDataStream.subscribe.signature: the stream is live.
    const close = await rest.ws.user((e: UserEvent) => {
      events.push(e)
      if (e.eventType === 'outboundAccountPosition') positioned()
    })
    const placed = await rest.order({
      symbol: SYMBOL,
      side: OrderSide.BUY,
      type: OrderType.MARKET,
      quantity: '0.001',
    })
    await position
    close()
    const [fill] = (await account.ours.myTrades({ symbol: SYMBOL, orderId: placed.orderId })).data
    expect(events.filter((e) => e.eventType === 'executionReport').at(-1)).toMatchObject({
      orderId: placed.orderId,
      executionType: 'TRADE',
      orderStatus: 'FILLED',
      totalTradeQuantity: '0.00100000',
      tradeId: fill?.id,
      priceLastTrade: fill?.price,
      commission: fill?.commission,
    })
    const held = (await account.ours.accountStatus()).data.balances
    const reported = events.find((e) => e.eventType === 'outboundAccountPosition')?.['balances'] as {
      asset: string
    }[]
    expect(reported.map((b) => b.asset).sort()).toEqual(['BTC', 'USDT'])
    for (const b of reported) expect(b).toEqual(held.find((h) => h.asset === b.asset))
  })
}

for (const kind of KEY_KINDS) describe(`binance-api-node with ${kind} keys: trading`, () => trading(kind))
