// timeUnit MICROSECOND: every time the server sends is µs, and the client reads each as epoch ms (its clock offset,
// a 429's retryAfter, its rate-limit windows), so its timestamps keep up with the server and a block ends on time.
import { afterEach, describe, expect, it } from 'vitest'
import { OutcomeUnknownError, RateLimitedError, SpotWebsocketAPI } from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { cleanup, onCleanup } from '../../support/fault-kit.js'
import { HMAC_SECRET } from '../../support/keys.js'
import { EPOCH, ManualTimers } from '../../support/manual-timers.js'
import { rejectionOf } from '../../support/rejection.js'

afterEach(cleanup)

const HOUR = 3_600_000
const KEY = 'micros-key'

/** The emulator and a µs client on one manual clock, starting 20 s into a minute. */
async function start(limits: { requestWeight?: number } = {}) {
  const timers = new ManualTimers(EPOCH + 20_000)
  const ex = await startEmulator({
    port: 0,
    liquidity: false,
    control: true,
    now: () => timers.now(),
    limits: { banAfter: false, ...limits },
    accounts: [{ apiKey: KEY, hmacSecret: HMAC_SECRET, balances: { USDT: '1000' } }],
  })
  onCleanup(() => ex.close())
  const api = new SpotWebsocketAPI({
    wsURL: ex.url,
    apiKey: KEY,
    apiSecret: HMAC_SECRET,
    timeUnit: 'MICROSECOND',
    timers,
    // No liveness ping while the manual clock jumps (a jump past pongTimeout would count the socket dead).
    pingInterval: 24 * HOUR,
  })
  const conn = await api.connect()
  onCleanup(() => conn.disconnect())
  return { timers, ex, conn }
}

describe('timeUnit MICROSECOND', () => {
  it('a 429 blocks until its µs retryAfter (the minute end, 40 s ahead), not for hours; windows follow the server minute', async () => {
    const { timers, ex, conn } = await start({ requestWeight: 20 })
    const end = EPOCH + 60_000
    const answer = await conn.time()
    expect(answer.data.serverTime).toBe(timers.now() * 1000)
    expect(conn.serverTime()).toBe(timers.now())
    const weight = conn.rateLimitBudget().find((b) => b.rateLimitType === 'REQUEST_WEIGHT')
    expect(weight).toMatchObject({ resetsAt: end })

    // Another program on the same IP uses up the REQUEST_WEIGHT; the client's next request gets the server's 429.
    const raw = await RawClient.open(ex.url)
    onCleanup(() => raw.close())
    for (let i = 0; i < 30 && (await raw.request('time')).status !== 429; i++) {}
    const err = await rejectionOf(conn.time())
    expect(err).toBeInstanceOf(RateLimitedError)
    expect(err).toMatchObject({ status: 429, code: -1003, retryAfter: end, limit: 'server 429' })
    expect((err as RateLimitedError).cause).toMatchObject({ data: { retryAfter: end * 1000 } })
    expect(err.message).toContain(new Date(end).toISOString())

    // Refused locally until the minute ends, sent from then on.
    timers.advanceTo(end - 1)
    const local = await rejectionOf(conn.time())
    expect(local).toMatchObject({ retryAfter: end, limit: 'server 429', status: undefined })
    timers.advanceTo(end)
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
    expect(ex.requests().filter((r) => r.time === end)).toMatchObject([{ method: 'time', status: 200 }])
  })

  it('signed timestamps keep up with the server over 6 h: no -1021, no resync', async () => {
    const { timers, ex, conn } = await start()
    for (let step = 1; step <= 72; step++) {
      timers.advance(5 * 60_000)
      expect(conn.serverTime()).toBe(timers.now())
      await expect(conn.accountStatus()).resolves.toMatchObject({ status: 200 })
      // One request at this time, accepted at once: no -1021, then `time` samples and a retry.
      expect(ex.requests().filter((r) => r.time === timers.now())).toMatchObject([
        { method: 'account.status', status: 200 },
      ])
    }
  })

  it("a lost order stamped with the caller's own µs timestamp: sentAt in ms, and resolveOrderOutcome finds it", async () => {
    const { timers, ex, conn } = await start()
    ex.failNext({ method: 'order.place', executed: true })
    const bid = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '50000',
      quantity: '0.001',
    } as const
    // `timestamp` is no typed param, but a caller may send its own (JavaScript, or a cast).
    const stamped = { ...bid, timestamp: timers.now() * 1000 } as typeof bid
    const err = await rejectionOf(conn.orderPlace(stamped))
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect(err).toMatchObject({ sentAt: timers.now(), recvWindow: 5000 })
    const outcome = conn.resolveOrderOutcome(err as OutcomeUnknownError)
    timers.advance(5001)
    await expect(outcome).resolves.toMatchObject({ found: true, order: { status: 'NEW' } })
  })
})
