// docs/emulator-fidelity.md 3.17 end to end: myTrades selectors and conflicts (3.17.2), depth limits (3.17.3), the
// rolling ticker's symbol cap (3.17.8), ticker.price / ticker.book for all symbols (3.17.10), symbolStatus
// (3.17.11).
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

const HALTED = symbolLike('BNBUSDT', { symbol: 'HLTUSDT', baseAsset: 'HLT', status: 'HALT' })

const t = perFile(() => startTraders({ extraSymbols: [HALTED] }))

describe('myTrades (fidelity 3.17.2)', () => {
  it('fromId gives trade ids ≥ fromId, orderId one order; either with a time range is -1128; ranges over 24 h are -1127', async () => {
    const orderIds: number[] = []
    for (const qty of ['0.1000', '0.2000', '0.3000']) {
      await t.b.orderPlace(limit('ETHUSDT', 'SELL', '3000.00', qty))
      orderIds.push((await t.a.orderPlace(limit('ETHUSDT', 'BUY', '3000.00', qty))).data.orderId)
    }
    const all = await t.a.myTrades({ symbol: 'ETHUSDT' })
    expect(all.data.map((t) => t.qty)).toEqual(['0.10000000', '0.20000000', '0.30000000'])
    const [, second, third] = all.data
    const from = await t.a.myTrades({ symbol: 'ETHUSDT', fromId: second?.id ?? 0 })
    expect(from.data.map((t) => t.id)).toEqual([second?.id, third?.id])
    const one = await t.a.myTrades({ symbol: 'ETHUSDT', orderId: orderIds[1] ?? 0 })
    expect(one.data).toEqual([second])
    expect(Object.keys(one.data[0] ?? {})).toEqual([
      'symbol',
      'id',
      'orderId',
      'orderListId',
      'price',
      'qty',
      'quoteQty',
      'commission',
      'commissionAsset',
      'time',
      'isBuyer',
      'isMaker',
      'isBestMatch',
    ])
    const time = second?.time ?? 0
    const combo = { code: -1128, status: 400 }
    expect(
      // The raw path: the typed call refuses these combinations before sending.
      await rejection(
        t.a.sendSignedMessage('myTrades', { symbol: 'ETHUSDT', fromId: 0, startTime: time - 1000 }),
      ),
    ).toMatchObject(combo)
    expect(
      await rejection(
        t.a.sendSignedMessage('myTrades', { symbol: 'ETHUSDT', orderId: orderIds[0] ?? 0, endTime: time }),
      ),
    ).toMatchObject(combo)
    const ranged = await t.a.myTrades({ symbol: 'ETHUSDT', startTime: time - 1000, endTime: time + 1000 })
    expect(ranged.data).toHaveLength(3)
    expect(
      await rejection(t.a.myTrades({ symbol: 'ETHUSDT', startTime: time - 86_400_001, endTime: time })),
    ).toMatchObject({ code: -1127, msg: 'More than 24 hours between startTime and endTime.' })
  })
})

describe('ticker.price and ticker.book (fidelity 3.17.10, 3.17.11)', () => {
  it('with no symbol: an array of every trading symbol; an empty side is "0.00000000"', async () => {
    const prices = await t.a.tickerPrice({})
    const names = (prices.data as { symbol: string }[]).map((t) => t.symbol)
    expect(names).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC', 'BTCUSDC'])
    const books = await t.a.tickerBook({})
    expect((books.data as { symbol: string }[]).map((t) => t.symbol)).toEqual(names)
    await t.b.orderPlace(limit('ETHBTC', 'SELL', '0.06000', '1.000'))
    const one = await t.a.tickerBook({ symbol: 'ETHBTC' })
    expect(one.data).toEqual({
      symbol: 'ETHBTC',
      bidPrice: '0.00000000',
      bidQty: '0.00000000',
      askPrice: '0.06000000',
      askQty: '1.00000000',
    })
    await t.b.openOrdersCancelAll({ symbol: 'ETHBTC' })
  })

  it('symbolStatus silently drops symbols of another status from a list; duplicates are -1151', async () => {
    const price = await t.a.tickerPrice({
      symbols: ['BTCUSDT', 'HLTUSDT', 'ETHUSDT'],
      symbolStatus: 'TRADING',
    })
    expect((price.data as { symbol: string }[]).map((t) => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT'])
    const halted = await t.a.ticker24hr({ symbols: ['BTCUSDT', 'HLTUSDT'], symbolStatus: 'HALT' })
    expect((halted.data as { symbol: string }[]).map((t) => t.symbol)).toEqual(['HLTUSDT'])
    const none = await t.a.tickerBook({ symbolStatus: 'BREAK' })
    expect(none.data).toEqual([])
    expect(await rejection(t.a.tickerPrice({ symbol: 'HLTUSDT', symbolStatus: 'TRADING' }))).toMatchObject({
      code: -1220,
    })
    const duplicate = { code: -1151, msg: 'Symbol is present multiple times in the list.', status: 400 }
    expect(await rejection(t.a.tickerPrice({ symbols: ['BTCUSDT', 'BTCUSDT'] }))).toMatchObject(duplicate)
    expect(await rejection(t.a.ticker({ symbols: ['ETHUSDT', 'BTCUSDT', 'ETHUSDT'] }))).toMatchObject(
      duplicate,
    )
  })
})

describe('rolling ticker symbol cap (fidelity 3.17.8)', () => {
  it('takes 200 symbols, not 201 (-1101)', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, k) => (k === 0 ? 'BTCUSDT' : `X${k}USDT`))
    expect(await rejection(t.a.ticker({ symbols: many(201) }))).toMatchObject({ code: -1101, status: 400 })
    // 200 names pass the cap and fail on the first unknown one instead.
    expect(await rejection(t.a.ticker({ symbols: many(200) }))).toMatchObject({ code: -1121 })
  })
})

describe('depth limits (fidelity 3.17.3)', () => {
  const deep = perFile(() => startTraders({ liquidity: { levels: 120, spacingBps: 1 } }))

  it('defaults to 100 levels a side, clamps the limit to 1…5000, and never lowers lastUpdateId', async () => {
    const byDefault = await deep.a.depth({ symbol: 'BTCUSDT' })
    expect([byDefault.data.bids.length, byDefault.data.asks.length]).toEqual([100, 100])
    const all = await deep.a.depth({ symbol: 'BTCUSDT', limit: 5000 })
    expect([all.data.bids.length, all.data.asks.length]).toEqual([120, 120])
    const prices = all.data.bids.map(([p]) => Number(p))
    expect(prices).toEqual([...prices].sort((x, y) => y - x))
    const asks = all.data.asks.map(([p]) => Number(p))
    expect(asks).toEqual([...asks].sort((x, y) => x - y))
    const over = await deep.a.depth({ symbol: 'BTCUSDT', limit: 6000 })
    expect(over.data.bids).toHaveLength(120)
    const one = await deep.a.depth({ symbol: 'BTCUSDT', limit: 1 })
    expect([one.data.bids.length, one.data.asks.length]).toEqual([1, 1])
    await deep.b.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.01000'))
    const after = await deep.a.depth({ symbol: 'BTCUSDT', limit: 1 })
    expect(after.data.lastUpdateId).toBeGreaterThan(one.data.lastUpdateId)
    expect(one.data.lastUpdateId).toBeGreaterThanOrEqual(byDefault.data.lastUpdateId)
  })
})
