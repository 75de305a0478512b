// resolveOrderOutcome for order lists: a lost placement (found even after a cancel renamed the list), a lost list
// cancel, and a lost order.cancel of one leg (which cancels the list).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lost, OCO, type OutcomeKit, resolved, startOutcomeKit } from './outcome-kit.js'

let k: OutcomeKit

beforeEach(async () => {
  k = await startOutcomeKit()
})

afterEach(() => k.close())

describe('resolveOrderOutcome: order lists', () => {
  it('orderList.place.oco: found when it ran, also after this connection canceled it; not placed when it did not', async () => {
    const place = () => k.conn.orderListPlaceOco(OCO)
    const ran = await lost(k, 'orderList.place.oco', true, place)
    expect(ran.listClientOrderId).toMatch(/^x/)
    const open = (await k.other.openOrderListsStatus()).data
    expect(open).toHaveLength(1)
    await k.conn.orderListCancel({ symbol: 'BTCUSDT', listClientOrderId: ran.listClientOrderId ?? '' })
    expect(await resolved(k, ran)).toMatchObject({
      found: true,
      kind: 'orderList',
      orderList: { orderListId: open[0]?.orderListId, listStatusType: 'ALL_DONE' },
    })
    const notRun = await lost(k, 'orderList.place.oco', false, place)
    expect(await resolved(k, notRun)).toMatchObject({ found: false, kind: 'orderList' })
  })

  it('orderList.cancel: landed when it ran; did not (the list still runs) when it did not', async () => {
    const list = (await k.conn.orderListPlaceOco(OCO)).data
    const cancel = () => k.conn.orderListCancel({ symbol: 'BTCUSDT', orderListId: list.orderListId })
    const notRun = await lost(k, 'orderList.cancel', false, cancel)
    expect(notRun).toMatchObject({ orderListId: list.orderListId })
    expect(await resolved(k, notRun)).toMatchObject({
      found: false,
      orderList: { orderListId: list.orderListId, listStatusType: 'EXEC_STARTED' },
    })
    const ran = await lost(k, 'orderList.cancel', true, cancel)
    expect(await resolved(k, ran)).toMatchObject({
      found: true,
      orderList: { orderListId: list.orderListId, listStatusType: 'ALL_DONE' },
    })
  })

  it('order.cancel of one leg, ran: landed (the whole list was canceled)', async () => {
    const list = (await k.conn.orderListPlaceOco(OCO)).data
    const leg = list.orders[0]?.orderId ?? -1
    const err = await lost(k, 'order.cancel', true, () =>
      k.conn.orderCancel({ symbol: 'BTCUSDT', orderId: leg }),
    )
    expect(await resolved(k, err)).toMatchObject({ found: true, order: { orderId: leg, status: 'CANCELED' } })
  })
})
