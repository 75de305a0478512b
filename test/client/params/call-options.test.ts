// Per-call options from untyped code (`{ signal, timeout }`): checked as the config checks its own `timeout`, before
// anything is counted or sent, and refused with an InvalidParameterError naming the option. A NaN or string timeout
// used to leave its request pending forever, and `{ timeout: 0 }` placed its order; the emulator's log shows nothing left.
import { describe, expect, it } from 'vitest'
import {
  InvalidParameterError,
  SpotWebsocketAPI,
  SpotWebsocketStreams,
  type WebsocketAPIConnection,
} from '../../../src/client/index.js'
import { perFile } from '../../support/exchange.js'
import { rejectionOf } from '../../support/rejection.js'
import { clientKit } from './client-kit.js'

const kit = perFile(clientKit)

type Untyped = (params: unknown, options?: unknown) => Promise<unknown>
const untyped = (conn: WebsocketAPIConnection, name: string) =>
  (conn as unknown as Record<string, Untyped>)[name]!.bind(conn)

const ORDER = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '10000',
  quantity: '0.001',
} as const

/** [what, the options, the option named, a part of the message] */
const CASES: readonly (readonly [string, unknown, string, string])[] = [
  ['a NaN timeout', { timeout: Number.NaN }, 'timeout', 'must be a positive number, got NaN'],
  ['an Infinity timeout', { timeout: Number.POSITIVE_INFINITY }, 'timeout', 'got Infinity'],
  ['a zero timeout', { timeout: 0 }, 'timeout', 'got 0'],
  ['a negative timeout', { timeout: -1 }, 'timeout', 'got -1'],
  ['a string timeout', { timeout: '100' }, 'timeout', "got the string '100'"],
  ['a null timeout', { timeout: null }, 'timeout', 'got null'],
  ['a misspelt option', { timeOut: 5 }, 'timeOut', "unknown call option (did you mean 'timeout'?)"],
  ['a param given as an option', { recvWindow: 5000 }, 'recvWindow', 'known: signal, timeout'],
  ['a signal that is not one', { signal: 'stop' }, 'signal', 'must be an AbortSignal, got string'],
  ['options that are not an object', 5000, 'call options', 'must be an object'],
]

/** Runs `f`, expects an InvalidParameterError naming `parameter`, and that nothing reached the emulator meanwhile. */
async function refusedUnsent(f: () => Promise<unknown>, parameter: string, message: string) {
  const { ex, conn } = kit
  await conn.ping()
  const last = ex.requests().at(-1) // the log keeps the last 100 answers: count from this entry
  const err = await rejectionOf(f())
  expect(err).toBeInstanceOf(InvalidParameterError)
  expect(err).toMatchObject({ parameter })
  expect(err.message).toContain(message)
  await conn.ping()
  const log = ex.requests()
  expect(log.slice(log.indexOf(last!) + 1).map((r) => r.method)).toEqual(['ping'])
}

describe('per-call options checked before sending', () => {
  it.each(CASES)(
    '%s: an order is refused locally, naming the option, and not placed',
    async (_, options, parameter, message) => {
      await refusedUnsent(() => untyped(kit.conn, 'orderPlace')(ORDER, options), parameter, message)
      expect((await kit.conn.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    },
  )

  it.each(CASES)(
    '%s: refused on the other paths too (query, raw, unsubscribe, resolveOrderOutcome)',
    async (_, options, parameter, message) => {
      const { conn } = kit
      await refusedUnsent(
        () => untyped(conn, 'exchangeInfo')({ symbol: 'BTCUSDT' }, options),
        parameter,
        message,
      )
      await refusedUnsent(() => conn.sendMessage('time', undefined, options as never), parameter, message)
      await refusedUnsent(
        () => conn.userDataStreamUnsubscribe(undefined, options as never),
        parameter,
        message,
      )
      const ref = {
        method: 'order.place',
        symbol: 'BTCUSDT',
        clientOrderId: 'x1',
        sentAt: kit.timers.now() - 60_000,
      }
      await refusedUnsent(() => conn.resolveOrderOutcome(ref, options as never), parameter, message)
    },
  )

  it('takes a positive timeout and an AbortSignal, and applies them', async () => {
    const { conn, ex } = kit
    const signal = new AbortController().signal
    const placed = await conn.orderPlace(ORDER, { timeout: 2500.5, signal })
    expect(placed.status).toBe(200)
    await conn.orderCancel({ symbol: 'BTCUSDT', orderId: placed.data.orderId }, {})
    // A stalled request fails at its own deadline.
    const stall = ex.stallNext({ method: 'time' })
    const late = rejectionOf(conn.time(undefined, { timeout: 300 }))
    await stall.arrived
    kit.timers.advance(300)
    expect(await late).toMatchObject({ name: 'RequestTimeoutError', timeoutMs: 300 })
    stall.release()
  })
})

describe('connect options and the streams client', () => {
  it('connect() refuses an unknown option or a non-signal before opening anything', async () => {
    const { ex } = kit
    const open = ex.connections().length
    const api = new SpotWebsocketAPI({ wsURL: ex.url })
    for (const [options, parameter] of [
      [{ timeout: 5 }, 'timeout'],
      [{ signal: {} }, 'signal'],
    ] as const) {
      const err = await rejectionOf(api.connect(options as never))
      expect(err).toBeInstanceOf(InvalidParameterError)
      expect(err).toMatchObject({ parameter })
    }
    expect(ex.connections()).toHaveLength(open)
  })

  it('streams control requests check their options as API calls do; nothing is subscribed', async () => {
    const streams = await new SpotWebsocketStreams({ wsURL: kit.ex.streams.url }).connect()
    try {
      for (const [options, parameter] of [
        [{ timeout: Number.NaN }, 'timeout'],
        [{ timeOut: 5 }, 'timeOut'],
        [{ signal: 'stop' }, 'signal'],
      ] as const) {
        const err = await rejectionOf(streams.subscribe('btcusdt@trade', options as never))
        expect(err).toMatchObject({ name: 'InvalidParameterError', parameter })
        expect(await rejectionOf(streams.listSubscriptions(options as never))).toMatchObject({ parameter })
      }
      expect(await streams.listSubscriptions()).toEqual([])
      await expect(
        rejectionOf(
          new SpotWebsocketStreams({ wsURL: kit.ex.streams.url }).connect({ streams: 'x' } as never),
        ),
      ).resolves.toMatchObject({
        parameter: 'streams',
        message: expect.stringContaining("did you mean 'stream'?"),
      })
    } finally {
      await streams.disconnect()
    }
  })
})
