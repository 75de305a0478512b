// DIGEST 3.1.6 end to end through our clients: cancels on HALT and BREAK symbols, and market data that a
// HALT symbol still generates and a BREAK symbol does not (synthetic liquidity and the streams).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  SpotWebsocketAPI,
  SpotWebsocketStreams,
  type WebsocketAPIConnection,
  type WebsocketStreamsConnection,
} from '../../../src/client/index.js'
import { type Emulator, startEmulator } from '../../../src/emulator/index.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

let ex: Emulator
let a: WebsocketAPIConnection

beforeAll(async () => {
  // Synthetic liquidity on: a ladder of 10 levels per side wherever market data is generated.
  ex = await startEmulator({
    port: 0,
    symbols: [
      symbolLike('BTCUSDT'),
      symbolLike('ETHUSDT', { status: 'HALT' }),
      symbolLike('BNBUSDT', { status: 'BREAK' }),
    ],
    accounts: [{ apiKey: 'st', hmacSecret: 'st-secret', balances: { USDT: '100000' } }],
  })
  a = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'st', apiSecret: 'st-secret' }).connect()
})

afterAll(async () => {
  await a?.disconnect()
  await ex?.close()
})

const CLOSED = { code: -2010, msg: 'Market is closed.', status: 400 }

/** Every message of a streams connection, as [stream, payload], in arrival order. */
async function listen(names: string[]): Promise<{
  conn: WebsocketStreamsConnection
  got: [string, unknown][]
  until: (stream: string, count?: number) => Promise<void>
}> {
  const conn = await new SpotWebsocketStreams({ wsURL: ex.streams.url }).connect({ stream: names })
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

describe('symbol trading status (DIGEST 3.1.6)', () => {
  it('cancels stay allowed in HALT and BREAK while new orders get "Market is closed."', async () => {
    const first = await a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const second = await a.orderPlace(limit('BTCUSDT', 'BUY', '50001.00', '0.01000'))
    try {
      ex.setSymbolStatus('BTCUSDT', 'HALT')
      expect(await rejection(a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')))).toMatchObject(
        CLOSED,
      )
      const canceled = await a.orderCancel({ symbol: 'BTCUSDT', orderId: first.data.orderId })
      expect(canceled.data).toMatchObject({ orderId: first.data.orderId, status: 'CANCELED' })

      ex.setSymbolStatus('BTCUSDT', 'BREAK')
      expect(await rejection(a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000')))).toMatchObject(
        CLOSED,
      )
      const all = await a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
      expect(all.data).toEqual([
        expect.objectContaining({ orderId: second.data.orderId, status: 'CANCELED' }),
      ])
      expect((await a.exchangeInfo({ symbol: 'BTCUSDT' })).data.symbols[0]?.status).toBe('BREAK')
    } finally {
      ex.setSymbolStatus('BTCUSDT', 'TRADING')
    }
    const again = await a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    expect(again.data.status).toBe('NEW')
    await a.orderCancel({ symbol: 'BTCUSDT', orderId: again.data.orderId })
  })

  it('HALT still generates market data (the quoted book, periodic streams); BREAK generates none', async () => {
    const halt = (await a.depth({ symbol: 'ETHUSDT' })).data
    expect(halt.bids).toHaveLength(10)
    expect(halt.asks).toHaveLength(10)
    expect((await a.depth({ symbol: 'BNBUSDT' })).data).toMatchObject({ bids: [], asks: [] })

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
    ex.streams.tick()
    await Promise.all(['ethusdt@depth5', 'ethusdt@kline_1m', 'ethusdt@miniTicker'].map((s) => until(s)))
    ex.streams.tick()
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
    const order = await a.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    await until('btcusdt@depth')
    const placed = got.find(([s]) => s === 'btcusdt@depth')?.[1] as { u: number }
    try {
      ex.setSymbolStatus('BTCUSDT', 'BREAK')
      await a.orderCancel({ symbol: 'BTCUSDT', orderId: order.data.orderId })
      ex.streams.tick()
      // The HALT symbol's partial depth comes after anything the cancel would have published.
      await until('ethusdt@depth5')
      expect(got.filter(([s]) => s === 'btcusdt@depth')).toHaveLength(1)
    } finally {
      ex.setSymbolStatus('BTCUSDT', 'TRADING')
    }
    ex.streams.tick()
    await until('btcusdt@depth', 2)
    const resumed = got.filter(([s]) => s === 'btcusdt@depth')[1]?.[1]
    expect(resumed).toMatchObject({ U: placed.u + 1, b: [['50000.00000000', '0.00000000']] })
    await conn.disconnect()
  })
})
