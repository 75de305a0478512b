// Client ↔ emulator over real sockets on port 0: every method of the walking skeleton, signed three ways.
import { describe, expect, it } from 'vitest'
import { BinanceError, type WebsocketAPIConnection } from '../../src/client/index.js'
import type { ExecutionReport, UserDataEvent } from '../../src/protocol/events.js'
import { perFile, startExchange } from '../support/exchange.js'
import { limit } from '../support/order-params.js'

let hmac: WebsocketAPIConnection
let session: WebsocketAPIConnection
let rsaConn: WebsocketAPIConnection

perFile(async () => {
  const started = await startExchange({
    accounts: [
      { apiKey: 'hmac-key', key: 'hmac', balances: { USDT: '100000', BTC: '5' } },
      { apiKey: 'ed-key', balances: { USDT: '100000', BTC: '5' } },
      { apiKey: 'rsa-key', key: 'rsa', balances: { USDT: '1000', BTC: '1' } },
    ],
  })
  ;[hmac, session, rsaConn] = await started.connectAll(['hmac-key', 'ed-key', 'rsa-key'])
  return started
})

describe('walking skeleton end to end', () => {
  it('ping, time and exchangeInfo', async () => {
    expect((await hmac.ping()).data).toEqual({})
    const t = await hmac.time()
    expect(Math.abs(t.data.serverTime - Date.now())).toBeLessThan(5000)
    const info = await hmac.exchangeInfo({ symbols: ['BTCUSDT', 'ETHBTC'] })
    expect(info.data.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHBTC'])
    expect(info.data.rateLimits.map((r) => r.rateLimitType)).toContain('REQUEST_WEIGHT')
    expect(info.rateLimits?.[0]).toMatchObject({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      limit: 6000,
    })
  })

  it('session.status shows the Ed25519 session; session.logon with HMAC is refused', async () => {
    const s = await session.sessionStatus()
    expect(s.data.apiKey).toBe('ed-key')
    await expect(hmac.sessionLogon()).rejects.toBeInstanceOf(BinanceError)
  })

  it('a resting LIMIT, a crossing LIMIT from another account, trades, depth and tickers', async () => {
    const maker = await hmac.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.50000'))
    expect(maker.data.status).toBe('NEW')
    const depth = await session.depth({ symbol: 'BTCUSDT', limit: 5 })
    expect(depth.data.asks[0]).toEqual(['60000.00000000', '0.50000000'])

    const { stream } = await session.userDataStreamSubscribe()
    const events: UserDataEvent[] = []
    stream.on('*', (e) => events.push(e))
    const filledEvent = new Promise<ExecutionReport>((resolve) =>
      stream.on('executionReport', (e) => e.X === 'FILLED' && resolve(e)),
    )
    const taker = await session.orderPlace({
      ...limit('BTCUSDT', 'BUY', '60000.00', '0.20000'),
      timeInForce: 'IOC',
      newOrderRespType: 'FULL',
    })
    expect(taker.data.status).toBe('FILLED')
    expect(taker.data.fills?.[0]).toMatchObject({ price: '60000.00000000', qty: '0.20000000' })
    const report = await filledEvent
    expect(report).toMatchObject({ s: 'BTCUSDT', S: 'BUY', x: 'TRADE', l: '0.20000000' })
    await expect.poll(() => events.some((e) => e.e === 'outboundAccountPosition')).toBe(true)

    const recent = await hmac.tradesRecent({ symbol: 'BTCUSDT', limit: 1 })
    expect(recent.data[0]).toMatchObject({ price: '60000.00000000', qty: '0.20000000', isBuyerMaker: false })
    const price = await hmac.tickerPrice({ symbol: 'BTCUSDT' })
    expect(price.data).toEqual({ symbol: 'BTCUSDT', price: '60000.00000000' })
    const book = await hmac.tickerBook({ symbol: 'BTCUSDT' })
    expect(book.data).toMatchObject({ askPrice: '60000.00000000', askQty: '0.30000000' })
    const avg = await hmac.avgPrice({ symbol: 'BTCUSDT' })
    expect(avg.data.price).toBe('60000.00000000')
    const klines = await hmac.klines({ symbol: 'BTCUSDT', interval: '1m', limit: 1 })
    expect(klines.data[0]?.[4]).toBe('60000.00000000')

    const mine = await session.myTrades({ symbol: 'BTCUSDT' })
    expect(mine.data.at(-1)).toMatchObject({ isBuyer: true, isMaker: false, qty: '0.20000000' })
    const status = await hmac.orderStatus({ symbol: 'BTCUSDT', orderId: maker.data.orderId })
    expect(status.data).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: '0.20000000' })
    const open = await hmac.openOrdersStatus({ symbol: 'BTCUSDT' })
    expect(open.data.map((o) => o.orderId)).toContain(maker.data.orderId)
    const cancel = await hmac.orderCancel({ symbol: 'BTCUSDT', orderId: maker.data.orderId })
    expect(cancel.data).toMatchObject({ status: 'CANCELED' })
  })

  it('MARKET by quoteOrderQty, order.test, account.status and an RSA-signed order', async () => {
    await hmac.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '1.00000'))
    const m = await rsaConn.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '610.00',
    })
    expect(m.data).toMatchObject({
      status: 'FILLED',
      executedQty: '0.01000000',
      cummulativeQuoteQty: '610.00000000',
    })
    expect(
      (await rsaConn.orderTest({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' })).data,
    ).toEqual({})
    const acct = await rsaConn.accountStatus({ omitZeroBalances: true })
    const btc = acct.data.balances.find((b) => b.asset === 'BTC')
    expect(btc?.free).toBe('1.00999000')
  })

  it('errors come back typed with the spec code and message', async () => {
    const err = await hmac.depth({ symbol: 'NOPE' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: -1121, msg: 'Invalid symbol.', status: 400 })
    const maker = await hmac
      .orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT_MAKER',
        price: '61000.00',
        quantity: '0.01000',
      })
      .catch((e: unknown) => e)
    expect(maker).toMatchObject({ code: -2010, msg: 'Order would immediately match and take.' })
  })

  it('userDataStream.unsubscribe ends the stream', async () => {
    const r = await session.userDataStreamUnsubscribe()
    expect(r.data).toEqual({})
  })
})
