// Order lists end to end, beyond placement: list params checked before authentication, openOrders.cancelAll and
// cancel-replace of a pending leg, amending a pending OPO leg and an OCO leg (docs/emulator-fidelity.md 3.6.x, A23).
import { describe, expect, it } from 'vitest'
import { perTest, startTraders, T0 } from '../../support/exchange.js'
import { limit, pendingLimit, pendingMaker, SELL_OCO, workingLimit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const t = perTest(() => startTraders({ clock: T0, record: true }))

const oto = {
  ...workingLimit('BTCUSDT', 'SELL', '61000.00', '0.10000'),
  ...pendingLimit('BUY', '59000.00', '0.10000'),
} as const

describe('order lists beyond placement', () => {
  it('checks list params before authentication (fidelity A23)', async () => {
    const stranger = await t.connect('nobody', { apiSecret: 'nothing' })
    const bad = await rejection(stranger.orderListPlaceOco({ ...SELL_OCO, listClientOrderId: 'bad id!' }))
    expect(bad.code).toBe(-1100)
    const cancel = await rejection(
      stranger.orderListCancel({ symbol: 'BTCUSDT', orderListId: 1, newClientOrderId: 'bad id!' }),
    )
    expect(cancel.code).toBe(-1100)
    const auth = await rejection(stranger.orderListPlaceOco(SELL_OCO))
    expect(auth.code).toBe(-2015)
  })

  it('openOrders.cancelAll and a cancelReplace of a pending leg cancel the whole OTO list', async () => {
    const first = await t.a.orderListPlaceOto(oto)
    const all = await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    expect(all.data).toHaveLength(1)
    expect(all.data[0]).toMatchObject({ orderListId: first.data.orderListId, listOrderStatus: 'ALL_DONE' })
    const second = await t.a.orderListPlaceOto(oto)
    const pendingId = second.data.orderReports[1]?.orderId ?? 0
    const replaced = await t.a.orderCancelReplace({
      ...limit('BTCUSDT', 'BUY', '58000.00', '0.10000'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: pendingId,
    })
    expect(replaced.data).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' })
    expect(replaced.data.cancelResponse).toMatchObject({
      orderListId: second.data.orderListId,
      listOrderStatus: 'ALL_DONE',
    })
    const status = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: pendingId })
    expect(status.data.status).toBe('CANCELED')
  })

  it('refuses to amend a pending OPO leg; an OCO amend changes both legs with listStatus UPDATED', async () => {
    const opo = await t.a.orderListPlaceOpo({
      ...workingLimit('BTCUSDT', 'BUY', '60000.00', '0.10000'),
      ...pendingMaker('SELL', '62000.00'),
    })
    const pendingId = opo.data.orderReports[1]?.orderId ?? 0
    const refused = await rejection(
      t.a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: pendingId, newQty: '0.05000' }),
    )
    expect({ code: refused.code, msg: refused.msg }).toEqual({
      code: -2038,
      msg: 'Order amend (pending OPO order) is not supported.',
    })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })

    const oco = await t.a.orderListPlaceOco(SELL_OCO)
    const [stop, lim] = oco.data.orders
    const amended = await t.a.orderAmendKeepPriority({
      symbol: 'BTCUSDT',
      orderId: lim?.orderId ?? 0,
      newQty: '0.04000',
      newClientOrderId: 'renamed-leg',
    })
    expect(amended.data.amendedOrder).toMatchObject({ qty: '0.04000000', clientOrderId: 'renamed-leg' })
    expect(amended.data.listStatus).toEqual({
      orderListId: oco.data.orderListId,
      contingencyType: 'OCO',
      listOrderStatus: 'EXECUTING',
      listClientOrderId: oco.data.listClientOrderId,
      symbol: 'BTCUSDT',
      orders: [
        { symbol: 'BTCUSDT', orderId: stop?.orderId, clientOrderId: stop?.clientOrderId },
        { symbol: 'BTCUSDT', orderId: lim?.orderId, clientOrderId: 'renamed-leg' },
      ],
    })
    const stopStatus = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: stop?.orderId ?? 0 })
    expect(stopStatus.data.origQty).toBe('0.04000000')
    await expect
      .poll(() => t.eventsA.events.some((e) => e.e === 'listStatus' && e.l === 'UPDATED'))
      .toBe(true)
    expect(t.eventsA.reports('BTCUSDT', stop?.orderId ?? 0).at(-1)).toMatchObject({
      x: 'REPLACED',
      q: '0.04000000',
    })
  })
})
