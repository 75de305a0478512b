// README fault table, "REQUEST_WEIGHT / ORDERS window full": requests in flight count against the window until
// their answers come. Each answer reports the server's count, which leaves out the requests sent after it; before,
// that count replaced the local one, and bursts sent between answers went past the limit (server 429s, then a ban).
// Bursts of 200 are read by the emulator in several chunks, so answers interleave with sends: without the fix both
// tests failed on every run tried.
import { describe, expect, it } from 'vitest'
import { RateLimitedError, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { exchangePerTest, T0 } from '../../support/exchange.js'

const LIMIT = 1000
const exchange = exchangePerTest()

/**
 * `total` pings in bursts of `burst`, a macrotask apart, none awaited: answers to earlier bursts arrive while later
 * ones are in flight. What each became.
 */
async function pingInBursts(conn: WebsocketAPIConnection, total: number, burst: number) {
  const outcomes: string[] = []
  const calls: Promise<void>[] = []
  for (let sent = 0; sent < total; sent += burst) {
    for (let i = 0; i < burst; i++) {
      const call = conn.ping().then(
        () => void outcomes.push('ok'),
        (err: unknown) => {
          const limit = err instanceof RateLimitedError ? err.limit : String(err)
          const server = err instanceof RateLimitedError && err.cause ? ` (server ${err.status})` : ''
          outcomes.push(`refused: ${limit}${server}`)
        },
      )
      calls.push(call)
    }
    await new Promise((r) => setImmediate(r))
  }
  await Promise.all(calls)
  return outcomes
}

const tally = (outcomes: string[]) => {
  const out: Record<string, number> = {}
  for (const o of outcomes) out[o] = (out[o] ?? 0) + 1
  return out
}

describe('the local REQUEST_WEIGHT count with requests in flight', () => {
  // The emulator's clock stands still: every request falls in one window (the client's own clock moves on, within it).
  const start = () => exchange({ clock: T0, limits: { requestWeight: LIMIT } })

  it('sends nothing past the limit when bursts go out between answers: the rest are refused locally', async () => {
    const kit = await start()
    const conn = await kit.connect('nobody')
    const used = conn.rateLimitBudget()[0]!.count // the connect's clock sync
    const outcomes = await pingInBursts(conn, 3 * LIMIT, 200)
    expect(tally(outcomes)).toEqual({
      ok: LIMIT - used,
      [`refused: REQUEST_WEIGHT ${LIMIT}/1 MINUTE`]: 3 * LIMIT - (LIMIT - used),
    })
    // The server counted exactly the limit, and refused nothing.
    const [budget] = conn.rateLimitBudget()
    expect(budget).toMatchObject({ count: LIMIT, remaining: 0 })
    expect(kit.ex.metrics()).not.toMatch(/status="(429|418)"/)
  })

  it('in pool mode too: the sockets share one count', async () => {
    const kit = await start()
    const conn = await kit.connect('nobody', { poolSize: 3 })
    const used = conn.rateLimitBudget()[0]!.count
    const outcomes = await pingInBursts(conn, 3 * LIMIT, 200)
    expect(outcomes.filter((o) => o === 'ok').length).toBeLessThanOrEqual(LIMIT - used)
    expect(outcomes.filter((o) => o.includes('(server'))).toEqual([])
    await expect(conn.ping()).rejects.toMatchObject({ limit: `REQUEST_WEIGHT ${LIMIT}/1 MINUTE` })
  })
})
