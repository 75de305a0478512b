// docs/emulator-fidelity.md 3.3.9 end to end: pegged legs in order lists (pegged_orders.md "OCO", "OTO and OTOCO").
// A LIMIT_MAKER OCO leg and a working order peg at placement, a pending limit leg when the working order has filled,
// a stop-limit leg when it triggers; a level that is missing then rejects the leg.
import { describe, expect, it } from 'vitest'
import { perTest, startTraders } from '../../support/exchange.js'
import { limit, makerAndStopOco } from '../../support/order-params.js'
import { rejected, rejection } from '../../support/rejection.js'
import { NO_FEATURES } from '../../support/symbols.js'

const t = perTest(() => startTraders({ extraSymbols: [NO_FEATURES], record: true }))

describe('pegged order list legs (fidelity 3.3.9)', () => {
  it('OCO: a LIMIT_MAKER leg pegs at placement (PRICE_LEVEL offset), a stop-limit leg when it triggers', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '57500.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61500.00', '0.01000'))
    const { data } = await t.a.orderListPlaceOco({
      symbol: 'BTCUSDT',
      side: 'SELL',
      quantity: '0.01000',
      aboveType: 'LIMIT_MAKER',
      abovePegPriceType: 'PRIMARY_PEG',
      abovePegOffsetType: 'PRICE_LEVEL',
      abovePegOffsetValue: 1,
      belowType: 'STOP_LOSS_LIMIT',
      belowStopPrice: '58000.00',
      belowTimeInForce: 'GTC',
      belowPegPriceType: 'MARKET_PEG',
    })
    const [stop, maker] = data.orderReports
    // The maker leg pegged to the second ask level; the stop-limit leg has no price yet.
    expect(maker).toMatchObject({
      type: 'LIMIT_MAKER',
      status: 'NEW',
      price: '0.00000000',
      pegPriceType: 'PRIMARY_PEG',
      pegOffsetType: 'PRICE_LEVEL',
      pegOffsetValue: 1,
      peggedPrice: '61500.00000000',
    })
    expect(stop).toMatchObject({ type: 'STOP_LOSS_LIMIT', price: '0.00000000', pegPriceType: 'MARKET_PEG' })
    expect(stop).not.toHaveProperty('peggedPrice')
    const depth = await t.a.depth({ symbol: 'BTCUSDT' })
    expect(depth.data.asks).toEqual([
      ['61000.00000000', '0.01000000'],
      ['61500.00000000', '0.02000000'],
    ])
    const makerId = maker?.orderId ?? 0
    const stopId = stop?.orderId ?? 0
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', makerId).at(-1)).toMatchObject({
        X: 'NEW',
        gP: 'PRIMARY_PEG',
        gOT: 'PRICE_LEVEL',
        gOV: 1,
        gp: '61500.00000000',
      }),
    )

    // A sale through the 59000 bid trades at 57500: the stop triggers and pegs to the best bid then (57500).
    await t.b.orderPlace({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.01100' })
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', makerId).at(-1)).toMatchObject({ X: 'EXPIRED', eR: 'OCO_TRIGGER' }),
    )
    const triggered = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: stopId })
    expect(triggered.data).toMatchObject({
      price: '0.00000000',
      pegPriceType: 'MARKET_PEG',
      peggedPrice: '57500.00000000',
      executedQty: '0.00900000',
      status: 'PARTIALLY_FILLED',
    })
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', stopId).at(-1)).toMatchObject({ x: 'TRADE', gp: '57500.00000000' }),
    )
  })

  it('OTO: the working order pegs at placement, the pending one once the working order has filled', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61500.00', '0.01000'))
    const { data } = await t.a.orderListPlaceOto({
      symbol: 'BTCUSDT',
      workingType: 'LIMIT',
      workingSide: 'BUY',
      workingTimeInForce: 'GTC',
      workingPrice: '60000.00',
      workingQuantity: '0.01000',
      workingPegPriceType: 'MARKET_PEG',
      pendingType: 'LIMIT',
      pendingSide: 'SELL',
      pendingTimeInForce: 'GTC',
      pendingQuantity: '0.01000',
      pendingPegPriceType: 'PRIMARY_PEG',
    })
    const [working, pending] = data.orderReports
    // workingPrice stays mandatory (the method's table): echoed as price; the order trades at peggedPrice.
    expect(working).toMatchObject({
      price: '60000.00000000',
      pegPriceType: 'MARKET_PEG',
      peggedPrice: '61000.00000000',
      status: 'FILLED',
    })
    const pendingId = pending?.orderId ?? 0
    expect(pending).toMatchObject({ status: 'PENDING_NEW', price: '0.00000000', pegPriceType: 'PRIMARY_PEG' })
    expect(pending).not.toHaveProperty('peggedPrice')
    // Started after the fill: the best ask then is 61500.
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', pendingId).at(-1)).toMatchObject({
        x: 'NEW',
        X: 'NEW',
        gP: 'PRIMARY_PEG',
        gp: '61500.00000000',
      }),
    )
    const status = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: pendingId })
    expect(status.data).toMatchObject({ status: 'NEW', peggedPrice: '61500.00000000', isWorking: true })
    expect((await t.a.depth({ symbol: 'BTCUSDT' })).data.asks).toEqual([['61500.00000000', '0.02000000']])
  })

  it('OTOCO: the pending LIMIT_MAKER pegs when the pair starts, the pending stop-limit waits for its trigger', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '61000.00', '0.01000'))
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '62000.00', '0.01000'))
    const { data } = await t.a.orderListPlaceOtoco({
      symbol: 'BTCUSDT',
      workingType: 'LIMIT',
      workingSide: 'BUY',
      workingTimeInForce: 'GTC',
      workingPrice: '61000.00',
      workingQuantity: '0.01000',
      workingPegPriceType: 'MARKET_PEG',
      pendingSide: 'SELL',
      pendingQuantity: '0.01000',
      pendingAboveType: 'LIMIT_MAKER',
      pendingAbovePegPriceType: 'PRIMARY_PEG',
      pendingBelowType: 'STOP_LOSS_LIMIT',
      pendingBelowStopPrice: '58000.00',
      pendingBelowTimeInForce: 'GTC',
      pendingBelowPegPriceType: 'MARKET_PEG',
    })
    const [working, stop, maker] = data.orderReports
    expect(working).toMatchObject({ peggedPrice: '61000.00000000', status: 'FILLED' })
    const makerId = maker?.orderId ?? 0
    const stopId = stop?.orderId ?? 0
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', makerId).at(-1)).toMatchObject({ X: 'NEW', gp: '62000.00000000' }),
    )
    const stopStatus = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: stopId })
    expect(stopStatus.data).toMatchObject({ status: 'NEW', pegPriceType: 'MARKET_PEG', isWorking: false })
    expect(stopStatus.data).not.toHaveProperty('peggedPrice')
    expect((await t.a.depth({ symbol: 'BTCUSDT' })).data.asks).toEqual([['62000.00000000', '0.02000000']])
  })

  it('OTO: a pending leg whose peg level is missing when it starts is rejected (eR REJECTED)', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    const { data } = await t.a.orderListPlaceOto({
      symbol: 'BTCUSDT',
      workingType: 'LIMIT',
      workingSide: 'SELL',
      workingTimeInForce: 'GTC',
      workingPrice: '59500.00',
      workingQuantity: '0.01000',
      workingPegPriceType: 'MARKET_PEG',
      pendingType: 'LIMIT',
      pendingSide: 'BUY',
      pendingTimeInForce: 'GTC',
      pendingQuantity: '0.01000',
      pendingPegPriceType: 'PRIMARY_PEG',
    })
    const [working, pending] = data.orderReports
    expect(working).toMatchObject({ peggedPrice: '59000.00000000', status: 'FILLED' })
    const pendingId = pending?.orderId ?? 0
    // The working order took the only bid: the pending BUY has no bid to peg to.
    await t.eventsA.settle(() =>
      expect(t.eventsA.reports('BTCUSDT', pendingId).at(-1)).toMatchObject({
        x: 'REJECTED',
        X: 'REJECTED',
        eR: 'REJECTED',
      }),
    )
    await t.eventsA.settle(() =>
      expect(t.eventsA.lists(data.orderListId).at(-1)).toMatchObject({ l: 'ALL_DONE', L: 'ALL_DONE' }),
    )
  })

  it('pegged legs get the single-order rejections', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.01000'))
    const oco = makerAndStopOco('BTCUSDT', 'SELL', '0.01000', '61000.00', '58000.00')
    // STOP_LOSS cannot peg; LIMIT_MAKER only PRIMARY_PEG.
    expect(
      await rejection(t.a.orderListPlaceOco({ ...oco, belowPegPriceType: 'PRIMARY_PEG' })),
    ).toMatchObject(rejected('This order type may not use pegged price.'))
    expect(await rejection(t.a.orderListPlaceOco({ ...oco, abovePegPriceType: 'MARKET_PEG' }))).toMatchObject(
      rejected('This price peg cannot be used with this order type.'),
    )
    // No ask to peg a SELL LIMIT_MAKER to.
    const { abovePrice: _price, ...unpriced } = oco
    expect(
      await rejection(t.a.orderListPlaceOco({ ...unpriced, abovePegPriceType: 'PRIMARY_PEG' })),
    ).toMatchObject(rejected('Order book liquidity is too low for this pegged order.'))
    // The offset params go together.
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          ...oco,
          abovePegPriceType: 'PRIMARY_PEG',
          abovePegOffsetType: 'PRICE_LEVEL',
        }),
      ),
    ).toMatchObject({
      code: -1128,
      msg: 'Fields [abovePegOffsetType, abovePegOffsetValue] must be sent together or omitted entirely.',
    })
    // Without a peg, price is still mandatory.
    expect(await rejection(t.a.orderListPlaceOco(unpriced))).toMatchObject({ code: -1102 })
    // A symbol without pegInstructionsAllowed.
    expect(
      await rejection(t.a.orderListPlaceOco({ ...oco, symbol: 'NOFEAT', abovePegPriceType: 'PRIMARY_PEG' })),
    ).toMatchObject(rejected('Pegged orders are not supported for this symbol.'))
    expect((await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })
})
