// sor.order.place end to end (docs/emulator-fidelity.md 3.16.2, 3.13.2, 3.13.4, 3.13.5; sor_faq.md): what it refuses
// before and after authentication, and what it adds to the unfilled order count.
import { describe, expect, it } from 'vitest'
import { SpotWebsocketAPI } from '../../../src/client/index.js'
import { orderCounts } from '../../support/account-state.js'
import { perFile } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'
import { report, startSorMarket } from './sor-market.js'

const t = perFile(() => startSorMarket({ mk: { BTC: '50', USDT: '100000' }, sor: { USDT: '1000000' } }))

describe('sor.order.place refusals (fidelity 3.16.2, 3.2.1, 3.2.2)', () => {
  const limit = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01000' } as const

  it('a type other than LIMIT or MARKET is -1116 "Invalid orderType." for sor.order.place and sor.order.test; nothing is placed or counted', async () => {
    const before = await orderCounts(t.sor)
    const cases: [string, Record<string, string>][] = [
      ['LIMIT_MAKER', { price: '20000.00' }],
      ['STOP_LOSS', { stopPrice: '20000.00' }],
      ['STOP_LOSS_LIMIT', { price: '20000.00', stopPrice: '20000.00', timeInForce: 'GTC' }],
      ['TAKE_PROFIT', { stopPrice: '20000.00' }],
      ['TAKE_PROFIT_LIMIT', { price: '20000.00', stopPrice: '20000.00', timeInForce: 'GTC' }],
    ]
    for (const method of ['sor.order.place', 'sor.order.test']) {
      for (const [type, more] of cases) {
        expect(
          await rejection(t.sor.sendSignedMessage(method, { ...limit, type, ...more })),
          type,
        ).toMatchObject({
          code: -1116,
          msg: 'Invalid orderType.',
        })
      }
    }
    expect(await orderCounts(t.sor)).toEqual(before)
    expect((await t.sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })

  it('quoteOrderQty: without quantity -1102 for quantity, next to it -1106; nothing is placed or counted', async () => {
    const before = await orderCounts(t.sor)
    for (const method of ['sor.order.place', 'sor.order.test']) {
      expect(
        await rejection(
          t.sor.sendSignedMessage(method, {
            symbol: 'BTCUSDT',
            side: 'BUY',
            type: 'MARKET',
            quoteOrderQty: '100',
          }),
        ),
      ).toMatchObject({
        code: -1102,
        msg: "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.",
      })
      for (const extra of [
        { type: 'MARKET' },
        { type: 'LIMIT', timeInForce: 'GTC', price: '20000.00' },
      ] as Record<string, string>[]) {
        expect(
          await rejection(t.sor.sendSignedMessage(method, { ...limit, ...extra, quoteOrderQty: '100' })),
        ).toMatchObject({ code: -1106, msg: "Parameter 'quoteOrderQty' sent when not required." })
      }
    }
    expect(await orderCounts(t.sor)).toEqual(before)
    expect((await t.sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })

  it('pegs are -1106 on a symbol that allows pegged orders, where order.place takes them', async () => {
    const info = await t.sor.exchangeInfo({ symbol: 'BTCUSDT' })
    expect(info.data.symbols[0]?.pegInstructionsAllowed).toBe(true)
    const before = await orderCounts(t.sor)
    const pegs: [string, Record<string, string>][] = [
      ['pegPriceType', { pegPriceType: 'PRIMARY_PEG' }],
      ['pegPriceType', { pegPriceType: 'MARKET_PEG', pegOffsetType: 'PRICE_LEVEL', pegOffsetValue: '1' }],
    ]
    for (const method of ['sor.order.place', 'sor.order.test']) {
      for (const [name, peg] of pegs) {
        const params = { ...limit, type: 'LIMIT', timeInForce: 'GTC', ...peg }
        expect(await rejection(t.sor.sendSignedMessage(method, params))).toMatchObject({
          code: -1106,
          msg: `Parameter '${name}' sent when not required.`,
        })
        expect(
          await rejection(t.sor.sendSignedMessage(method, { ...params, price: '20000.00' })),
        ).toMatchObject({
          code: -1106,
          msg: `Parameter '${name}' sent when not required.`,
        })
      }
    }
    expect(await orderCounts(t.sor)).toEqual(before)
    expect((await t.sor.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    // Like the other parameter checks, the refusal comes before authentication (docs/emulator-fidelity.md A23):
    // an unknown key gets it too.
    const stranger = await new SpotWebsocketAPI({
      wsURL: t.ex.url,
      apiKey: 'nobody',
      apiSecret: 'x',
    }).connect()
    const strangerPeg = { ...limit, type: 'LIMIT', timeInForce: 'GTC', pegPriceType: 'PRIMARY_PEG' }
    expect(await rejection(stranger.sendSignedMessage('sor.order.place', strangerPeg))).toMatchObject({
      code: -1106,
      msg: "Parameter 'pegPriceType' sent when not required.",
    })
    await stranger.disconnect()
    // The same peg is an order on order.place: the refusal above is SOR's own.
    const pegged = await t.sor.sendSignedMessage<{ status: string }>('order.test', {
      ...limit,
      type: 'LIMIT',
      timeInForce: 'GTC',
      pegPriceType: 'PRIMARY_PEG',
    })
    expect(pegged.data).toEqual({})
  })
})

describe('sor.order.place and the unfilled order count (fidelity 3.16.2, 3.13.2, 3.13.4, 3.13.5)', () => {
  it('adds 1 to every ORDERS interval; the first allocation gives 1 back, later allocations and fills nothing', async () => {
    const [second, day] = await orderCounts(t.sor)
    expect(second).toBe(day)
    const c0 = second ?? 0

    const resting = await t.sor.sorOrderPlace(limit('BTCUSDT', 'BUY', '20000.00', '0.01000'))
    expect(resting.data[0]).toMatchObject({ status: 'NEW', executedQty: '0.00000000' })
    expect(await orderCounts(t.sor)).toEqual([c0 + 1, c0 + 1])
    expect(resting.rateLimits?.filter((l) => l.rateLimitType === 'ORDERS').map((l) => l.count)).toEqual([
      c0 + 1,
      c0 + 1,
    ])

    await t.ask('BTCUSDC', '28000.00', '1.00000')
    await t.ask('BTCUSDT', '30000.00', '1.00000')
    const routed = await t.sor.sorOrderPlace(limit('BTCUSDT', 'BUY', '30000.00', '3.00000'))
    const order = routed.data[0]
    expect(order).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: '2.00000000' })
    expect(order?.fills?.map((f) => [f.price, f.allocId])).toHaveLength(2)
    // +1 for the placement, -1 for the first of its two allocations.
    expect(await orderCounts(t.sor)).toEqual([c0 + 1, c0 + 1])

    // The remainder rests on BTCUSDT; its later fill there is not a first fill.
    await t.ask('BTCUSDT', '30000.00', '1.00000')
    await t.sorEvents.next(report('BTCUSDT', order?.orderId, 'TRADE', 'FILLED'))
    expect((await t.sor.orderStatus({ symbol: 'BTCUSDT', orderId: order?.orderId ?? -1 })).data.status).toBe(
      'FILLED',
    )
    expect(await orderCounts(t.sor)).toEqual([c0 + 1, c0 + 1])
    await t.sor.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    expect(await orderCounts(t.sor)).toEqual([c0 + 1, c0 + 1])
  })
})
