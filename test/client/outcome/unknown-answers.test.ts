// Which server answers leave an order request's outcome unknown (-1006, -1007, any 5xx: `spec/errors.md`,
// `spec/web-socket-api.md` status codes), which are definite; and what a server 429 carries.
import { afterEach, describe, expect, it } from 'vitest'
import { BinanceError, OutcomeUnknownError, RateLimitedError } from '../../../src/client/index.js'
import { cleanup, connect } from '../../support/fault-kit.js'
import { rejectionOf } from '../../support/rejection.js'
import { fail, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const

/** Answers every request but `time` with `status`/`code`. */
const failing =
  (status: number, code: number, msg = 'failed'): Script =>
  (req) =>
    fail(req, status, code, msg, code === -1003 ? { retryAfter: Date.UTC(2025, 0, 1, 0, 1) } : undefined)

describe('answers that leave the outcome unknown', () => {
  it.each([
    [500, -1006, 'An unexpected response was received from the message bus. Execution status unknown.'],
    [400, -1006, 'An unexpected response was received from the message bus. Execution status unknown.'],
    [
      503,
      -1007,
      'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    ],
    [503, -1008, 'Server is currently overloaded with other requests. Please try again in a few minutes.'],
    [502, -1000, 'An unknown error occurred while processing the request.'],
  ])(
    '%i %i to order.place: OutcomeUnknownError with what reconciles it; cause the BinanceError',
    async (status, code, msg) => {
      const h = await connect(failing(status, code, msg))
      const err = await rejectionOf(h.conn.orderPlace({ ...ORDER, newClientOrderId: 'u-1' }))
      expect(err).toBeInstanceOf(OutcomeUnknownError)
      expect(err).toMatchObject({
        method: 'order.place',
        symbol: 'BTCUSDT',
        clientOrderId: 'u-1',
        sentAt: h.timers.now(),
        recvWindow: 5000,
        params: { ...ORDER, newClientOrderId: 'u-1' },
      })
      expect(err.message).toContain(`code ${code}`)
      expect(err.cause).toBeInstanceOf(BinanceError)
      expect(err.cause).toMatchObject({ code, status, msg })
    },
  )

  it('a 5xx to a cancel by orderId: OutcomeUnknownError carrying orderId, symbol and the cancel’s new id', async () => {
    const h = await connect(failing(503, -1007))
    const err = await rejectionOf(h.conn.orderCancel({ symbol: 'BTCUSDT', orderId: 42 }))
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err).toMatchObject({
      method: 'order.cancel',
      symbol: 'BTCUSDT',
      orderId: 42,
      clientOrderId: undefined,
    })
    expect((err as OutcomeUnknownError).params['newClientOrderId']).toMatch(/^x/)
  })

  it('definite answers stay BinanceError: a 4xx to an order, a 5xx to a query or to order.test', async () => {
    const rejected = await connect(
      failing(400, -2010, 'Account has insufficient balance for requested action.'),
    )
    expect(await rejectionOf(rejected.conn.orderPlace(ORDER))).toBeInstanceOf(BinanceError)
    const down = await connect(failing(503, -1007))
    const query = await rejectionOf(down.conn.orderStatus({ symbol: 'BTCUSDT', orderId: 1 }))
    expect(query).toBeInstanceOf(BinanceError)
    expect(query).not.toBeInstanceOf(OutcomeUnknownError)
    expect(await rejectionOf(down.conn.orderTest(ORDER))).toBeInstanceOf(BinanceError)
  })
})

describe('RateLimitedError', () => {
  it('from a server 429 carries code and status like a BinanceError; a local refusal carries neither', async () => {
    const h = await connect(failing(429, -1003, 'Too much request weight used.'))
    const server = await rejectionOf(h.conn.orderStatus({ symbol: 'BTCUSDT', orderId: 1 }))
    expect(server).toBeInstanceOf(RateLimitedError)
    expect(server).toMatchObject({ code: -1003, status: 429, retryAfter: Date.UTC(2025, 0, 1, 0, 1) })
    expect(server.cause).toMatchObject({ code: -1003, status: 429 })
    const local = await rejectionOf(h.conn.orderStatus({ symbol: 'BTCUSDT', orderId: 1 }))
    expect(local).toBeInstanceOf(RateLimitedError)
    expect(local).toMatchObject({ code: undefined, status: undefined })
    expect(local.cause).toBeUndefined()
  })
})
