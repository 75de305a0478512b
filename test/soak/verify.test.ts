// The soak's checks catch each kind of wrong answer (so a soak that passes has checked something), and pass
// answers that agree with the records.
import { describe, expect, it } from 'vitest'
import { type Change, Epoch, type Outcome, type Resolution } from './records.js'
import type { SnapOrder, Snapshot } from './snapshot.js'
import { Findings, verifyEpoch } from './verify.js'

function answered(c: Change, outcome: Outcome, extra: Partial<Change> = {}): Change {
  const resolution: Resolution | undefined = outcome === 'unknown' ? 'notFound' : undefined
  const belief = outcome === 'ok' ? 'yes' : outcome === 'unknown' ? 'maybe' : 'no'
  return Object.assign(c, { outcome, resolution, belief, endedAt: Date.now(), ...extra })
}

const order = (orderId: number, clientOrderId: string, status = 'NEW'): SnapOrder => ({
  account: 'a',
  symbol: 'BTCUSDT',
  orderId,
  clientOrderId,
  status,
  orderListId: -1,
  time: 0,
})

/** Records read a second from now: after every change the test answered. */
const snapshot = (orders: SnapOrder[]): Snapshot => ({
  startedAt: Date.now() + 1000,
  endedAt: Date.now() + 2000,
  orders,
  lists: [],
})

/** An epoch with one acknowledged order (id 1, client id `p1`) and a change to it. */
function placed(): { epoch: Epoch; target: ReturnType<Epoch['track']> } {
  const epoch = new Epoch(1, Date.now())
  const place = answered(epoch.begin('place', 'order.place', 'a', 'BTCUSDT', 'p1'), 'ok', {
    claim: { orderId: 1, status: 'NEW' },
  })
  return { epoch, target: epoch.track('order', place, 1, 'p1', true) }
}

function check(epoch: Epoch, orders: SnapOrder[]): Findings {
  const f = new Findings()
  verifyEpoch(epoch, snapshot(orders), f)
  return f
}

const kinds = (f: Findings) => [...f.wrong.keys()]

describe('soak checks', () => {
  it('pass answers that agree with the records', () => {
    const { epoch, target } = placed()
    answered(epoch.begin('amend', 'order.amend.keepPriority', 'a', 'BTCUSDT', 'm1', target), 'ok')
    answered(epoch.begin('cancel', 'order.cancel', 'a', 'BTCUSDT', 'c1', target), 'ok', {
      claim: { orderId: 1, status: 'CANCELED' },
    })
    answered(epoch.begin('place', 'order.place', 'a', 'BTCUSDT', 'p2'), 'rejected')
    const f = check(epoch, [order(1, 'c1', 'CANCELED')])
    expect(kinds(f)).toEqual([])
    expect(f.checked).toBe(4)
  })

  it('a cancel without a client id of its own leaves one the soak never learned', () => {
    const { epoch, target } = placed()
    answered(epoch.begin('cancel', 'order.cancel', 'a', 'BTCUSDT', undefined, target), 'ok')
    expect(kinds(check(epoch, [order(1, 'server-id', 'CANCELED')]))).toEqual([])
    const { epoch: e2, target: t2 } = placed()
    answered(e2.begin('cancel', 'order.cancel', 'a', 'BTCUSDT', undefined, t2), 'unsent')
    expect(kinds(check(e2, [order(1, 'server-id', 'CANCELED')]))).toEqual([
      'cancel answered unsent, but it executed',
    ])
  })

  it('catch an acknowledged order that does not exist', () => {
    const { epoch } = placed()
    expect(kinds(check(epoch, []))).toEqual(['place answered ok, but its order does not exist'])
  })

  it('catch a placement reported as failed or not found that exists', () => {
    const epoch = new Epoch(1, Date.now())
    answered(epoch.begin('place', 'order.place', 'a', 'BTCUSDT', 'p1'), 'unknownAsError')
    answered(epoch.begin('place', 'order.place', 'a', 'BTCUSDT', 'p2'), 'unknown', { belief: 'no' })
    expect(kinds(check(epoch, [order(1, 'p1'), order(2, 'p2')]))).toEqual([
      'place answered unknownAsError, but it was placed',
      'place answered unknown→notFound, but it was placed',
    ])
  })

  it('find a placement answered "not placed" that a cancel-all renamed since', () => {
    const epoch = new Epoch(1, Date.now())
    answered(epoch.begin('place', 'order.place', 'a', 'BTCUSDT', 'p1'), 'unknown', { belief: 'no' })
    epoch.renamed.set('a|BTCUSDT|p1', 7)
    expect(kinds(check(epoch, [order(7, 'server-id', 'CANCELED')]))).toEqual([
      'place answered unknown→notFound, but it was placed',
    ])
  })

  it('set apart a reconciliation about a list id a killed emulator process had given too, not an order id', () => {
    const epoch = new Epoch(2, Date.now(), new Map([['a', 5]]))
    for (const id of ['l1', 'l2'])
      answered(epoch.begin('placeList', 'orderList.place.oco', 'a', 'BTCUSDT', id), 'unknown', {
        belief: 'no',
      })
    answered(epoch.begin('place', 'order.place', 'a', 'BTCUSDT', 'p1'), 'unknown', { belief: 'no' })
    const list = (orderListId: number, listClientOrderId: string) => ({
      account: 'a',
      symbol: 'BTCUSDT',
      orderListId,
      listClientOrderId,
      listOrderStatus: 'EXECUTING',
    })
    const f = new Findings()
    verifyEpoch(epoch, { ...snapshot([order(1, 'p1')]), lists: [list(5, 'l1'), list(6, 'l2')] }, f)
    expect(kinds(f)).toEqual([
      'placeList answered unknown→notFound, but it was placed',
      'place answered unknown→notFound, but it was placed',
    ])
    expect(f.examples[0]).toContain('list 6 ')
    expect(f.explainedByIdReuse).toBe(1)
  })

  it('catch a cancel reconciled as not landed that landed', () => {
    const { epoch, target } = placed()
    answered(epoch.begin('cancel', 'order.cancel', 'a', 'BTCUSDT', 'c1', target), 'unknown', { belief: 'no' })
    expect(kinds(check(epoch, [order(1, 'c1', 'CANCELED')]))).toEqual([
      'cancel answered unknown→notFound, but it executed',
    ])
  })

  it('catch a change reported as failed that executed, and one reported as done that did not', () => {
    const { epoch, target } = placed()
    answered(epoch.begin('cancel', 'order.cancel', 'a', 'BTCUSDT', 'c1', target), 'rejected')
    expect(kinds(check(epoch, [order(1, 'c1', 'CANCELED')]))).toEqual([
      'cancel answered rejected, but it executed',
    ])
    const { epoch: e2, target: t2 } = placed()
    answered(e2.begin('amend', 'order.amend.keepPriority', 'a', 'BTCUSDT', 'm1', t2), 'ok')
    expect(kinds(check(e2, [order(1, 'p1')]))).toEqual(['amend answered ok, but it did not execute'])
  })

  it('catch a final status other than the answer said', () => {
    const { epoch, target } = placed()
    answered(epoch.begin('cancel', 'order.cancel', 'a', 'BTCUSDT', 'c1', target), 'ok', {
      claim: { orderId: 1, status: 'CANCELED' },
    })
    expect(kinds(check(epoch, [order(1, 'c1', 'FILLED')]))).toEqual([
      'cancel answered ok with status CANCELED, but the emulator has FILLED',
    ])
  })

  it('catch an order nobody was told of, and a doubled one', () => {
    const { epoch } = placed()
    expect(kinds(check(epoch, [order(1, 'p1'), order(2, 'auto-id')]))).toEqual([
      'an order exists that no answer told of',
    ])
    expect(kinds(check(epoch, [order(1, 'p1'), order(2, 'p1', 'FILLED')]))).toEqual(['doubled order'])
  })

  it('know the orders of requests the client held through a restart and sent to the new process', () => {
    const first = new Epoch(1, Date.now())
    const held = first.begin('place', 'order.place', 'a', 'BTCUSDT', undefined)
    const second = first.next({ lists: [] })
    answered(held, 'ok', { marker: 'auto-id' })
    expect(kinds(check(second, [order(1, 'auto-id', 'FILLED')]))).toEqual([])
    expect(kinds(check(new Epoch(2, Date.now()), [order(1, 'auto-id', 'FILLED')]))).toEqual([
      'an order exists that no answer told of',
    ])
  })

  it('leave out, as lost with the process, what was still running when the records were read', () => {
    const { epoch, target } = placed()
    const cancel = epoch.begin('cancel', 'order.cancel', 'a', 'BTCUSDT', 'c1', target)
    answered(cancel, 'rejected', { endedAt: Date.now() + 1500 })
    const f = check(epoch, [order(1, 'c1', 'CANCELED')])
    expect(kinds(f)).toEqual([])
    expect(f.lostWithProcess).toBe(1)
  })
})
