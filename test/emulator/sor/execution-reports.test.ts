// SOR end to end (docs/emulator-fidelity.md 3.16.5, 3.14.3, A55): the SOR order's own executionReports on its
// owner's user data stream, `workingFloor`/`usedSor` in the query formats, and `preventSor`, through our client.
import { describe, expect, it } from 'vitest'
import { perFile, T0 } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { BASE_KEYS, reportsIn } from '../../support/user-events.js'
import { startSorMarket } from './sor-market.js'

const t = perFile(async () => {
  const market = await startSorMarket({ mk: { BTC: '20' }, sor: { USDT: '300000' } }, [
    { apiKey: 'no', preventSor: true, balances: { USDT: '1000' } },
  ])
  return Object.assign(market, { blocked: await market.connect('no', { syncClock: false }) })
})

describe('SOR executionReports (fidelity 3.16.5)', () => {
  it('NEW, one TRADE per allocation with b, a, k, uS in the spec order, FILLED, then outboundAccountPosition', async () => {
    await t.ask('BTCUSDT', '30500.00', '3.00000')
    await t.ask('BTCUSDC', '30000.00', '1.00000')
    await t.ask('BTCUSDC', '28000.00', '1.00000')
    const placed = await t.sor.sorOrderPlace({
      ...limit('BTCUSDT', 'BUY', '31000.00', '4.00000'),
      newClientOrderId: 'sor-filled',
    })
    const orderId = placed.data[0]?.orderId
    const got = await t.sorEvents.nextPosition()
    expect(got.map((e) => e.e)).toEqual([
      'executionReport',
      'executionReport',
      'executionReport',
      'executionReport',
      'outboundAccountPosition',
    ])
    const [nw, ...trades] = reportsIn(got)
    expect(Object.keys(nw ?? {})).toEqual([...BASE_KEYS, 'k', 'uS'])
    expect(nw).toMatchObject({
      x: 'NEW',
      X: 'NEW',
      i: orderId,
      c: 'sor-filled',
      w: true,
      t: -1,
      k: 'SOR',
      uS: true,
    })
    for (const t of trades) expect(Object.keys(t)).toEqual([...BASE_KEYS, 'b', 'a', 'k', 'uS'])
    expect(trades.map((t) => `${t.X} ${t.l}@${t.L} z=${t.z} Y=${t.Y} Z=${t.Z} a=${t.a} w=${t.w}`)).toEqual([
      'PARTIALLY_FILLED 1.00000000@28000.00000000 z=1.00000000 Y=28000.00000000 Z=28000.00000000 a=0 w=true',
      'PARTIALLY_FILLED 1.00000000@30000.00000000 z=2.00000000 Y=30000.00000000 Z=58000.00000000 a=1 w=true',
      'FILLED 2.00000000@30500.00000000 z=4.00000000 Y=61000.00000000 Z=119000.00000000 a=2 w=false',
    ])
    for (const t of trades) {
      expect(t).toMatchObject({
        x: 'TRADE',
        t: -1,
        b: 'ONE_PARTY_TRADE_REPORT',
        k: 'SOR',
        uS: true,
        m: false,
      })
      expect(t).toMatchObject({ M: true, n: '0.00000000', N: 'BTC', E: T0, T: T0, O: T0, W: T0 })
    }
    const ids = reportsIn(got).map((r) => r.I)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(got.at(-1)).toEqual({
      e: 'outboundAccountPosition',
      E: T0,
      u: T0,
      B: [
        { a: 'BTC', f: '4.00000000', l: '0.00000000' },
        { a: 'USDT', f: '181000.00000000', l: '0.00000000' },
      ],
    })

    const status = (await t.sor.orderStatus({ symbol: 'BTCUSDT', orderId: orderId ?? -1 })).data
    expect(status).toMatchObject({ status: 'FILLED', workingFloor: 'SOR', usedSor: true })
    expect(Object.keys(status).slice(-4)).toEqual([
      'origQuoteOrderQty',
      'workingFloor',
      'selfTradePreventionMode',
      'usedSor',
    ])
    const all = (await t.sor.allOrders({ symbol: 'BTCUSDT' })).data
    expect(all.find((o) => o.orderId === orderId)).toEqual(status)
  })

  it('a LIMIT GTC remainder rests with workingFloor EXCHANGE; its later book fill is a normal trade with k and uS', async () => {
    await t.ask('BTCUSDC', '28500.00', '1.00000')
    const placed = await t.sor.sorOrderPlace(limit('BTCUSDT', 'BUY', '29000.00', '2.00000'))
    const order = placed.data[0]
    expect(order).toMatchObject({ status: 'PARTIALLY_FILLED', workingFloor: 'EXCHANGE', usedSor: true })
    const first = reportsIn(await t.sorEvents.nextPosition())
    expect(first.map((r) => [r.x, r.X, r.w, r.k, r.a])).toEqual([
      ['NEW', 'NEW', true, 'SOR', undefined],
      ['TRADE', 'PARTIALLY_FILLED', true, 'SOR', 3],
    ])
    const open = (await t.sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ orderId: order?.orderId, workingFloor: 'EXCHANGE', usedSor: true })

    await t.ask('BTCUSDT', '29000.00', '1.00000')
    const [fill] = reportsIn(await t.sorEvents.nextPosition())
    expect(Object.keys(fill ?? {})).toEqual([...BASE_KEYS, 'k', 'uS'])
    expect(fill).toMatchObject({
      x: 'TRADE',
      X: 'FILLED',
      m: true,
      k: 'EXCHANGE',
      uS: true,
      L: '29000.00000000',
    })
    expect(fill?.t).toBeGreaterThanOrEqual(0)
    const status = (await t.sor.orderStatus({ symbol: 'BTCUSDT', orderId: order?.orderId ?? -1 })).data
    expect(status).toMatchObject({ status: 'FILLED', workingFloor: 'EXCHANGE', usedSor: true })
  })

  it('MARKET expires what no book has: EXPIRED with k, uS and eR last', async () => {
    await t.ask('BTCUSDC', '31000.00', '1.00000')
    const placed = await t.sor.sorOrderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '3.00000',
    })
    expect(placed.data[0]).toMatchObject({
      status: 'EXPIRED',
      executedQty: '2.00000000',
      expiryReason: 'INSUFFICIENT_LIQUIDITY',
      workingFloor: 'SOR',
      usedSor: true,
    })
    expect(Object.keys(placed.data[0] ?? {}).at(-1)).toBe('usedSor')
    const got = reportsIn(await t.sorEvents.nextPosition())
    expect(got.map((r) => [r.x, r.X, r.z, r.a])).toEqual([
      ['NEW', 'NEW', '0.00000000', undefined],
      ['TRADE', 'PARTIALLY_FILLED', '1.00000000', 4],
      ['TRADE', 'PARTIALLY_FILLED', '2.00000000', 5],
      ['EXPIRED', 'EXPIRED', '2.00000000', undefined],
    ])
    expect(Object.keys(got[3] ?? {})).toEqual([...BASE_KEYS, 'k', 'uS', 'eR'])
    expect(got[3]).toMatchObject({ eR: 'INSUFFICIENT_LIQUIDITY', k: 'SOR', uS: true, t: -1, n: '0', N: null })
  })
})

describe('preventSor (fidelity 3.16.1, A55)', () => {
  it('account.status shows preventSor; sor.order.place answers -2010 "This action is disabled on this account."', async () => {
    expect((await t.blocked.accountStatus()).data.preventSor).toBe(true)
    expect((await t.sor.accountStatus()).data.preventSor).toBe(false)
    const params = limit('BTCUSDT', 'BUY', '20000.00', '0.01000')
    expect(await rejection(t.blocked.sorOrderPlace(params))).toMatchObject({
      code: -2010,
      msg: 'This action is disabled on this account.',
    })
    expect((await t.blocked.sorOrderTest(params)).data).toEqual({})
    expect((await t.blocked.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })
})
