// The server-clock offset comes from several `time` samples sent together: the first usable answer opens the
// connection, and an answer whose round trip exceeds maxClockRoundTrip is never applied.
import { afterEach, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI } from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import { cleanup, connect, type Harness, onCleanup } from '../../support/fault-kit.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { ok, type Received, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

/** Drops the client's socket, lets it reconnect, and resolves once its three clock samples arrived. */
async function reconnect(h: Harness): Promise<{ opened: Promise<unknown> }> {
  const mark = h.status.mark()
  let at = h.server.received.length
  h.server.connections.at(-1)?.terminate()
  const rec = await h.status.until((s) => s.state === 'reconnecting', mark)
  h.timers.advance(rec.state === 'reconnecting' ? rec.delay : 0)
  for (let n = 0; n < 3; n++) at = h.server.received.indexOf(await h.server.waitFor('time', at)) + 1
  return { opened: h.status.until((s) => s.state === 'open', mark) }
}

describe('clock sync from several samples', () => {
  it('a stalled time answer (ex.stallNext): connect opens on the prompt samples; the late one is not applied', async () => {
    const timers = new ManualTimers()
    let skew = 250
    const ex = await startEmulator({ port: 0, liquidity: false, now: () => timers.now() + skew })
    onCleanup(() => ex.close())
    const stall = ex.stallNext({ method: 'time' })
    const conn = await new SpotWebsocketAPI({ wsURL: ex.url, timers }).connect()
    onCleanup(() => conn.disconnect())
    await stall.arrived
    expect(conn.serverTime() - timers.now()).toBe(250)

    // Answered 3.85 s later by a clock that moved on meanwhile: applied, it would move the offset to +6 s.
    timers.advance(3850)
    skew = 4100
    stall.release()
    await conn.time()
    expect(conn.serverTime() - timers.now()).toBe(250)
  })

  it('a resync whose every answer is slower than the bound keeps the offset; later, slower answers never replace a faster one', async () => {
    const pending: (() => void)[] = []
    let serverSkew = 600
    let hold = false
    let h: Harness | undefined
    const answer = (req: Received) => ok(req, { serverTime: (h?.timers.now() ?? 0) + serverSkew })
    const script: Script = (req) => {
      if (req.method !== 'time' || !hold) return undefined
      return new Promise((resolve) => pending.push(() => resolve(answer(req))))
    }
    h = await connect(script, { clockSamples: 3, maxClockRoundTrip: 1000 }, () => serverSkew)
    const { conn, timers } = h
    expect(conn.serverTime() - timers.now()).toBe(600)

    // Reconnect: all three samples come back 2 s late, from a clock 5 s ahead.
    hold = true
    serverSkew = 5000
    const first = await reconnect(h)
    timers.advance(2000)
    for (const release of pending.splice(0)) release()
    await first.opened
    expect(conn.serverTime() - timers.now()).toBe(600)

    // Next reconnect: one prompt answer (+700) is applied; answers 400 ms and 3.85 s later are not.
    const second = await reconnect(h)
    const [late, slow, prompt] = pending.splice(0)
    serverSkew = 700
    prompt?.()
    await second.opened
    expect(conn.serverTime() - timers.now()).toBe(700)
    timers.advance(400)
    serverSkew = 900
    slow?.()
    timers.advance(3450)
    serverSkew = 9000
    late?.()
    hold = false
    await conn.time()
    expect(conn.serverTime() - timers.now()).toBe(700)
  })
})
