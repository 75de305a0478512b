// Property: for every engine-reaching method of the catalogue, with parameters drawn from its row, a request left
// "outcome unknown" is reconciled without a TypeError, and every definite answer is true: it matches the user data
// stream of another connection (an event carrying the id the request gives the order or list when it lands).
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BinanceWsError, type OrderOutcome, OutcomeUnknownError } from '../../../src/client/index.js'
import { reachesEngine } from '../../../src/client/order-requests.js'
import { checkParams } from '../../../src/client/param-check.js'
import type { UserDataEvent } from '../../../src/protocol/events.js'
import { METHOD_LIST, type MethodSpec, type ParamKind } from '../../../src/protocol/methods.js'
import { rejectionOf } from '../../support/rejection.js'
import { BID, OCO, type OutcomeKit, resolved, startOutcomeKit } from './outcome-kit.js'

let k: OutcomeKit
/** Events of the account seen on `other` (which `conn`, the reconciling connection, does not see). */
const events: UserDataEvent[] = []
/** Ids that exist in the emulator, so that some drawn requests target real orders and lists. */
const known = { orderIds: [0], clientIds: [''], listIds: [0] }

beforeAll(async () => {
  k = await startOutcomeKit()
  const order = (await k.conn.orderPlace(BID)).data
  const list = (await k.conn.orderListPlaceOco(OCO)).data
  known.orderIds = [order.orderId, ...list.orders.map((o) => o.orderId), 987_654]
  known.clientIds = [order.clientOrderId, list.listClientOrderId, 'not-an-id']
  known.listIds = [list.orderListId, 4321]
  const { stream } = await k.other.userDataStreamSubscribeSignature()
  stream.on('*', (e) => events.push(e))
})

afterAll(() => k.close())

const ENGINE = METHOD_LIST.filter(reachesEngine)
/** Left out: what the client stamps itself, and values that only make the request wait longer. */
const SKIPPED = new Set(['timestamp', 'recvWindow', 'signature', 'apiKey'])

function drawn(name: string, kind: ParamKind): fc.Arbitrary<unknown> {
  if (Array.isArray(kind)) return fc.constantFrom(...(kind as readonly string[]))
  if (name === 'symbol') return fc.constantFrom('BTCUSDT', 'ETHUSDT')
  if (/ListId$/.test(name)) return fc.constantFrom(...known.listIds)
  if (/OrderId$|^orderId$/.test(name) && kind !== 'STRING') return fc.constantFrom(...known.orderIds)
  switch (kind) {
    case 'STRING':
      return fc.constantFrom(...known.clientIds, 'prop-id')
    case 'DECIMAL':
      return fc.constantFrom('0.00050', '0.00100', '50000.00', '61000.00')
    case 'LONG':
    case 'INT':
      return fc.integer({ min: 1, max: 100 })
    case 'BOOLEAN':
      return fc.boolean()
    default:
      return fc.constant(['BTCUSDT'])
  }
}

/** Params of `spec`: its required ones (symbol sometimes left out), any subset of its optional ones. */
function paramsOf(spec: MethodSpec): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, kind] of [...Object.entries(spec.required), ...Object.entries(spec.optional)])
    if (!SKIPPED.has(name)) model[name] = drawn(name, kind)
  const required = Object.keys(spec.required).filter((n) => n !== 'symbol' && !SKIPPED.has(n))
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>
}

/** The typed call; the raw one for a draw its check refuses before sending (a symbol left out, no one-of name). */
function send(spec: MethodSpec, params: Record<string, unknown>): Promise<unknown> {
  try {
    checkParams(spec, params)
  } catch {
    return k.conn.sendSignedMessage(spec.wire, params)
  }
  const typed = (k.conn as unknown as Record<string, (p: unknown) => Promise<unknown>>)[spec.name]
  return (typed as (p: unknown) => Promise<unknown>).call(k.conn, params)
}

/** The request took effect: an event carries the id it gives its order (or list) when it lands. */
const tookEffect = (id: unknown) =>
  typeof id === 'string' &&
  events.some(
    (e) =>
      (e.e === 'executionReport' && e.c === id && e.x !== 'REJECTED') || (e.e === 'listStatus' && e.C === id),
  )

/** Checks a definite answer against the events (`idParam`: the param holding the id the request gives). */
function expectTrue(answer: { found: boolean | 'unknown' }, err: OutcomeUnknownError, idParam: string) {
  if (answer.found === 'unknown') return
  expect(answer.found, `${err.method} ${JSON.stringify(err.params)}`).toBe(tookEffect(err.params[idParam]))
}

function expectTruth(o: OrderOutcome, err: OutcomeUnknownError) {
  if (o.kind === 'cancelReplace') {
    expectTrue(o.cancel, err, 'cancelNewClientOrderId')
    expectTrue(o.newOrder, err, 'newClientOrderId')
  } else if (err.method === 'openOrders.cancelAll') {
    expect(o.found).not.toBe(true)
    if (o.found === false)
      expect(events.some((e) => e.e === 'executionReport' && e.x === 'CANCELED')).toBe(false)
  } else {
    expectTrue(o, err, err.method.startsWith('orderList.place') ? 'listClientOrderId' : 'newClientOrderId')
  }
}

describe('resolveOrderOutcome over the catalogue', () => {
  it('reconciles every engine-reaching method it is given; every definite answer matches what happened', async () => {
    expect(ENGINE.map((s) => s.wire)).toContain('order.cancel')
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENGINE).chain((spec) => fc.tuple(fc.constant(spec), paramsOf(spec), fc.boolean())),
        async ([spec, params, executed]) => {
          events.length = 0
          k.ex.failNext({ method: spec.wire, executed })
          const err = await rejectionOf(send(spec, params))
          expect(err).toBeInstanceOf(OutcomeUnknownError)
          await k.other.ping()
          const outcome = await resolved(k, err as OutcomeUnknownError).catch((e: unknown) => e)
          if (outcome instanceof Error) {
            // A query may be refused (e.g. a parameter the exchange rejects): a typed error, never a TypeError.
            expect(outcome).toBeInstanceOf(BinanceWsError)
            return
          }
          const o = outcome as OrderOutcome
          expect([true, false, 'unknown']).toContain(o.found)
          expect(o.method).toBe(spec.wire)
          expectTruth(o, err as OutcomeUnknownError)
        },
      ),
      { numRuns: 80, seed: 12 },
    )
  })
})
