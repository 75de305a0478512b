// Symbol trading status end to end (docs/emulator-fidelity.md 3.1.6), through our clients: cancels on HALT and BREAK
// symbols, and market data that a HALT symbol still generates and a BREAK symbol does not (synthetic liquidity and
// the streams).
import { describe, expect, it } from 'vitest'
import { SpotWebsocketStreams, type WebsocketStreamsConnection } from '../../../src/client/index.js'
import { perFile, startExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

// Synthetic liquidity on: a ladder of 10 levels per side wherever market data is generated.
const t = perFile(async () => {
  const kit = await startExchange({
    liquidity: true,
    symbols: [
      symbolLike('BTCUSDT'),
      symbolLike('ETHUSDT', { status: 'HALT' }),
      symbolLike('BNBUSDT', { status: 'BREAK' }),
    ],
    accounts: [{ apiKey: 'st', key: 'hmac', balances: { USDT: '100000' } }],
  })
  return Object.assign(kit, { a: await kit.connect('st') })
})

const CLOSED = { code: -2010, msg: 'Market is closed.', status: 400 }

/** Every message of a streams connection, as [stream, payload], in arrival order. */
async function listen(names: string[]): Promise<{
  conn: WebsocketStreamsConnection
  got: [string, unknown][]
  until: (stream: string, count?: number) => Promise<void>
}> {
  const conn = await new SpotWebsocketStreams({ wsURL: t.ex.streams.url }).connect({ stream: names })
  const got: [string, unknown][] = []
  const waiters: (() => void)[] = []
  conn.on('message', (stream, data) => {
    got.push([stream ?? '', data])
    for (const w of waiters.splice(0)) w()
  })
  const until = (stream: string, count = 1) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (got.filter(([s]) => s === stream).length >= count) resolve()
        else waiters.push(check)
      }
      check()
    })
  return { conn, got, until }
}

describe('symbol trading status (fidelity 3.1.6)', () => {
  it('cancels stay allowed in HALT and BREAK while new orders get "Market is closed."', async () => {
    const first = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const second = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '50001.00', '0.01000'))
    try {
      t.ex.setSymbolStatus('BTCUSDT', 'HALT')
      expect(await rejection(t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')))).toMatchObject(
        CLOSED,
      )
      const canceled = await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: first.data.orderId })
      expect(canceled.data).toMatchObject({ orderId: first.data.orderId, status: 'CANCELED' })

      t.ex.setSymbolStatus('BTCUSDT', 'BREAK')
      expect(await rejection(t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')))).toMatchObject(
        CLOSED,
      )
      const all = await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
      expect(all.data).toEqual([
        expect.objectContaining({ orderId: second.data.orderId, status: 'CANCELED' }),
      ])
      expect((await t.a.exchangeInfo({ symbol: 'BTCUSDT' })).data.symbols[0]?.status).toBe('BREAK')
    } finally {
      t.ex.setSymbolStatus('BTCUSDT', 'TRADING')
    }
    const again = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    expect(again.data.status).toBe('NEW')
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: again.data.orderId })
  })

  it('HALT still generates market data (the quoted book, periodic streams); BREAK generates none', async () => {
    const halt = (await t.a.depth({ symbol: 'ETHUSDT' })).data
    expect(halt.bids).toHaveLength(10)
    expect(halt.asks).toHaveLength(10)
    expect((await t.a.depth({ symbol: 'BNBUSDT' })).data).toMatchObject({ bids: [], asks: [] })

    // BREAK streams first: within one tick they would be sent before the HALT ones on this connection.
    const { conn, got, until } = await listen([
      'bnbusdt@depth5',
      'bnbusdt@kline_1m',
      'bnbusdt@miniTicker',
      'ethusdt@depth5',
      'ethusdt@kline_1m',
      'ethusdt@miniTicker',
      '!miniTicker@arr',
    ])
    t.ex.streams.tick()
    await Promise.all(['ethusdt@depth5', 'ethusdt@kline_1m', 'ethusdt@miniTicker'].map((s) => until(s)))
    t.ex.streams.tick()
    await until('ethusdt@miniTicker', 2)
    await until('!miniTicker@arr')
    expect(got.filter(([s]) => s.startsWith('bnbusdt@'))).toEqual([])
    expect(got.find(([s]) => s === 'ethusdt@depth5')?.[1]).toMatchObject({
      bids: expect.arrayContaining([expect.any(Array)]),
    })
    const arr = got.find(([s]) => s === '!miniTicker@arr')?.[1] as { s: string }[]
    expect(arr.map((t) => t.s)).toEqual(['BTCUSDT', 'ETHUSDT'])
    await conn.disconnect()
  })

  it('a symbol put in BREAK publishes no depth diff; back in TRADING the next diff covers the gap', async () => {
    const { conn, got, until } = await listen(['btcusdt@depth', 'ethusdt@depth5'])
    const order = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    await until('btcusdt@depth')
    const placed = got.find(([s]) => s === 'btcusdt@depth')?.[1] as { u: number }
    try {
      t.ex.setSymbolStatus('BTCUSDT', 'BREAK')
      await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: order.data.orderId })
      t.ex.streams.tick()
      // The HALT symbol's partial depth comes after anything the cancel would have published.
      await until('ethusdt@depth5')
      expect(got.filter(([s]) => s === 'btcusdt@depth')).toHaveLength(1)
    } finally {
      t.ex.setSymbolStatus('BTCUSDT', 'TRADING')
    }
    t.ex.streams.tick()
    await until('btcusdt@depth', 2)
    const resumed = got.filter(([s]) => s === 'btcusdt@depth')[1]?.[1]
    expect(resumed).toMatchObject({ U: placed.u + 1, b: [['50000.00000000', '0.00000000']] })
    await conn.disconnect()
  })
})
