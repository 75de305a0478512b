// resolveOrderOutcome answers "did it land?" for lost cancels (by orderId or client id), amends, cancel-replace and
// cancel-all: from the order's status and the id the request would have given it, not from whether it exists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BID, lost, type OutcomeKit, resolved, startOutcomeKit } from './outcome-kit.js'

let k: OutcomeKit

beforeEach(async () => {
  k = await startOutcomeKit()
})

afterEach(() => k.close())

const resting = async () => (await k.conn.orderPlace(BID)).data

describe('resolveOrderOutcome: order.cancel', () => {
  it('by orderId, ran: the error carries orderId and symbol; the cancel landed', async () => {
    const order = await resting()
    const err = await lost(k, 'order.cancel', true, () =>
      k.conn.orderCancel({ symbol: 'BTCUSDT', orderId: order.orderId }),
    )
    expect(err).toMatchObject({ method: 'order.cancel', symbol: 'BTCUSDT', orderId: order.orderId })
    expect(err.message).toContain(`orderId ${order.orderId}`)
    expect(err.params['newClientOrderId']).toMatch(/^x/)
    expect(await resolved(k, err)).toMatchObject({
      found: true,
      kind: 'order',
      order: { orderId: order.orderId, status: 'CANCELED', clientOrderId: err.params['newClientOrderId'] },
    })
  })

  it('by orderId, not run: did not land; the order is still NEW', async () => {
    const order = await resting()
    const err = await lost(k, 'order.cancel', false, () =>
      k.conn.orderCancel({ symbol: 'BTCUSDT', orderId: order.orderId }),
    )
    expect(await resolved(k, err)).toMatchObject({
      found: false,
      order: { orderId: order.orderId, status: 'NEW' },
    })
  })

  it('by client id, ran: landed, though the order no longer carries that id', async () => {
    const order = await resting()
    const err = await lost(k, 'order.cancel', true, () =>
      k.conn.orderCancel({ symbol: 'BTCUSDT', origClientOrderId: order.clientOrderId }),
    )
    expect(err.clientOrderId).toBe(order.clientOrderId)
    expect(await resolved(k, err)).toMatchObject({ found: true, order: { orderId: order.orderId } })
  })

  it('ran after another connection had canceled the order: did not land (the order carries the other id)', async () => {
    const order = await resting()
    await k.other.orderCancel({ symbol: 'BTCUSDT', orderId: order.orderId, newClientOrderId: 'first-cancel' })
    const err = await lost(k, 'order.cancel', true, () =>
      k.conn.orderCancel({ symbol: 'BTCUSDT', orderId: order.orderId }),
    )
    expect(await resolved(k, err)).toMatchObject({
      found: false,
      order: { orderId: order.orderId, status: 'CANCELED', clientOrderId: 'first-cancel' },
    })
  })
})

describe('resolveOrderOutcome: amend, cancel-replace, cancel-all', () => {
  it('order.amend.keepPriority: landed when it ran, not when it did not', async () => {
    const order = await resting()
    const amend = () =>
      k.conn.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: order.orderId, newQty: '0.00050' })
    const notRun = await lost(k, 'order.amend.keepPriority', false, amend)
    expect(await resolved(k, notRun)).toMatchObject({ found: false, order: { origQty: '0.00100000' } })
    const ran = await lost(k, 'order.amend.keepPriority', true, amend)
    expect(await resolved(k, ran)).toMatchObject({ found: true, order: { origQty: '0.00050000' } })
  })

  it('order.amend.keepPriority by client id: definite though another connection renamed the order since', async () => {
    const amend = (clientId: string) => () =>
      k.conn.orderAmendKeepPriority({ symbol: 'BTCUSDT', origClientOrderId: clientId, newQty: '0.00050' })
    // The order no longer carries the id the amend named, nor the amend's own: its placement's answer tells its id.
    const renamed = (orderId: number) =>
      k.other.orderCancel({ symbol: 'BTCUSDT', orderId, newClientOrderId: `other-${orderId}` })
    const a = await resting()
    const ran = await lost(k, 'order.amend.keepPriority', true, amend(a.clientOrderId))
    await renamed(a.orderId)
    expect(await resolved(k, ran)).toMatchObject({
      found: true,
      order: { orderId: a.orderId, origQty: '0.00050000', status: 'CANCELED' },
    })
    const b = await resting()
    const notRun = await lost(k, 'order.amend.keepPriority', false, amend(b.clientOrderId))
    await renamed(b.orderId)
    expect(await resolved(k, notRun)).toMatchObject({
      found: false,
      order: { orderId: b.orderId, origQty: '0.00100000' },
    })
  })

  it('order.amend.keepPriority by the client id an earlier amend gave: definite though the order was renamed since', async () => {
    const a = await resting()
    const first = await k.conn.orderAmendKeepPriority({
      symbol: 'BTCUSDT',
      orderId: a.orderId,
      newQty: '0.00080',
      newClientOrderId: 'amended-once',
    })
    expect(first.data.amendedOrder.clientOrderId).toBe('amended-once')
    const ran = await lost(k, 'order.amend.keepPriority', true, () =>
      k.conn.orderAmendKeepPriority({
        symbol: 'BTCUSDT',
        origClientOrderId: 'amended-once',
        newQty: '0.00050',
      }),
    )
    // Neither the id the amend named nor its own is on the order any more.
    await k.other.orderCancel({ symbol: 'BTCUSDT', orderId: a.orderId, newClientOrderId: 'other-cancel' })
    expect(await resolved(k, ran)).toMatchObject({
      found: true,
      order: { orderId: a.orderId, origQty: '0.00050000', status: 'CANCELED' },
    })
  })

  it('order.amend.keepPriority by a client id used again: an order of that id that had ended is not the target', async () => {
    const ended = (await k.conn.orderPlace({ ...BID, newClientOrderId: 'again' })).data
    await k.conn.orderCancel({ symbol: 'BTCUSDT', orderId: ended.orderId })
    k.timers.advance(5000)
    const b = (await k.other.orderPlace({ ...BID, newClientOrderId: 'again' })).data
    const ran = await lost(k, 'order.amend.keepPriority', true, () =>
      k.conn.orderAmendKeepPriority({ symbol: 'BTCUSDT', origClientOrderId: 'again', newQty: '0.00050' }),
    )
    await k.other.orderCancel({ symbol: 'BTCUSDT', orderId: b.orderId, newClientOrderId: 'other-cancel' })
    expect(await resolved(k, ran)).toMatchObject({ found: 'unknown' })
  })

  it('order.cancelReplace: both halves landed when it ran; neither when it did not', async () => {
    const order = await resting()
    const replace = () =>
      k.conn.orderCancelReplace({
        ...BID,
        price: '49000.00',
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: order.orderId,
      })
    const notRun = await lost(k, 'order.cancelReplace', false, replace)
    expect(notRun).toMatchObject({ orderId: order.orderId, clientOrderId: notRun.params['newClientOrderId'] })
    expect(await resolved(k, notRun)).toMatchObject({
      found: false,
      kind: 'cancelReplace',
      cancel: { found: false, order: { status: 'NEW' } },
      newOrder: { found: false },
    })
    const ran = await lost(k, 'order.cancelReplace', true, replace)
    expect(await resolved(k, ran)).toMatchObject({
      found: true,
      cancel: { found: true, order: { orderId: order.orderId, status: 'CANCELED' } },
      newOrder: { found: true, order: { price: '49000.00000000', status: 'NEW' } },
    })
  })

  it('openOrders.cancelAll: an older order still open proves it did not land; after it ran, unknown', async () => {
    const order = await resting()
    k.timers.advance(2000)
    const cancelAll = () => k.conn.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    const notRun = await lost(k, 'openOrders.cancelAll', false, cancelAll)
    expect(await resolved(k, notRun)).toMatchObject({ found: false, order: { orderId: order.orderId } })
    const ran = await lost(k, 'openOrders.cancelAll', true, cancelAll)
    expect(await resolved(k, ran)).toMatchObject({ found: 'unknown' })
  })
})
