// resolveOrderOutcome for a lost order.place: placed (open, or canceled since, which replaces its client order id),
// not placed, or explicitly unknown — never a wrong definite answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BinanceError, OutcomeUnknownError } from '../../../src/client/index.js'
import { rejectionOf } from '../../support/rejection.js'
import { BID, lost, type OutcomeKit, resolved, startOutcomeKit } from './outcome-kit.js'

let k: OutcomeKit

beforeEach(async () => {
  k = await startOutcomeKit()
})

afterEach(() => k.close())

/** The account's only order with this price, as the emulator has it now (asked on the other connection). */
async function orderAt(price: string) {
  const all = (await k.other.allOrders({ symbol: 'BTCUSDT' })).data
  const found = all.filter((o) => o.price === price)
  expect(found).toHaveLength(1)
  return found[0] as (typeof all)[number]
}

describe('resolveOrderOutcome: order.place', () => {
  it('-1007 after the order ran: OutcomeUnknownError with its client order id; found, still open', async () => {
    const err = await lost(k, 'order.place', true, () => k.conn.orderPlace(BID))
    expect(err).toMatchObject({ method: 'order.place', symbol: 'BTCUSDT', recvWindow: 5000 })
    expect(err.clientOrderId).toMatch(/^x/)
    expect(err.params).toMatchObject({ ...BID, newClientOrderId: err.clientOrderId })
    expect(err.params).not.toHaveProperty('signature')
    const truth = await orderAt('50000.00000000')
    expect(await resolved(k, err)).toMatchObject({
      found: true,
      kind: 'order',
      method: 'order.place',
      order: { orderId: truth.orderId, clientOrderId: err.clientOrderId, status: 'NEW' },
    })
  })

  it('placed, then canceled by this connection by its client id: found (the cancel replaced the id)', async () => {
    const err = await lost(k, 'order.place', true, () => k.conn.orderPlace(BID))
    const truth = await orderAt('50000.00000000')
    await k.conn.orderCancel({ symbol: 'BTCUSDT', origClientOrderId: err.clientOrderId ?? '' })
    expect(await resolved(k, err)).toMatchObject({
      found: true,
      order: { orderId: truth.orderId, status: 'CANCELED' },
    })
  })

  it('placed, then canceled elsewhere while the user data stream ran: found through the stream', async () => {
    await k.conn.userDataStreamSubscribeSignature()
    const err = await lost(k, 'order.place', true, () => k.conn.orderPlace(BID))
    const truth = await orderAt('50000.00000000')
    await k.other.orderCancel({ symbol: 'BTCUSDT', orderId: truth.orderId })
    await expect(k.conn.ping()).resolves.toBeDefined()
    expect(await resolved(k, err)).toMatchObject({
      found: true,
      order: { orderId: truth.orderId, status: 'CANCELED' },
    })
  })

  it('placed, then canceled elsewhere unseen: unknown, naming the order that may be it (not "not placed")', async () => {
    const err = await lost(k, 'order.place', true, () => k.conn.orderPlace(BID))
    const truth = await orderAt('50000.00000000')
    await k.other.orderCancel({ symbol: 'BTCUSDT', orderId: truth.orderId })
    expect(await resolved(k, err)).toMatchObject({ found: 'unknown', candidates: [truth.orderId] })
  })

  it('-1007 without running it: not placed, though orders of its shape came and went meanwhile', async () => {
    const answered = await k.conn.orderPlace(BID)
    await k.conn.orderCancel({ symbol: 'BTCUSDT', orderId: answered.data.orderId })
    const elsewhere = await k.other.orderPlace({ ...BID, price: '49000.00' })
    await k.other.orderCancel({ symbol: 'BTCUSDT', orderId: elsewhere.data.orderId })
    const err = await lost(k, 'order.place', false, () => k.conn.orderPlace(BID))
    expect(await resolved(k, err)).toMatchObject({ found: false, kind: 'order', method: 'order.place' })
  })

  it('a 5xx answer after the order ran (-1000, 500): OutcomeUnknownError caused by it; found', async () => {
    k.ex.failNext({ method: 'order.place', error: 'UNKNOWN', executed: true })
    const err = (await rejectionOf(k.conn.orderPlace(BID))) as OutcomeUnknownError
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err.cause).toBeInstanceOf(BinanceError)
    expect(err.cause).toMatchObject({ code: -1000, status: 500 })
    expect(await resolved(k, err)).toMatchObject({ found: true, order: { status: 'NEW' } })
  })

  it('a hand-written ref { symbol, clientOrderId } without sentAt: found by its id', async () => {
    const placed = await k.conn.orderPlace({ ...BID, newClientOrderId: 'by-hand-1' })
    await expect(
      k.conn.resolveOrderOutcome({ symbol: 'BTCUSDT', clientOrderId: 'by-hand-1' }),
    ).resolves.toMatchObject({
      found: true,
      order: { orderId: placed.data.orderId },
    })
    await expect(
      k.conn.resolveOrderOutcome({ symbol: 'BTCUSDT', clientOrderId: 'never-sent' }),
    ).resolves.toMatchObject({ found: 'unknown' })
  })
})
