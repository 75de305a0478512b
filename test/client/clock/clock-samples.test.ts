// The server-clock offset comes from several `time` samples sent together: the first usable answer opens the
// connection, and an answer whose round trip exceeds maxClockRoundTrip is never applied.
import { afterEach, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI } from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import { cleanup, connect, onCleanup } from '../../support/fault-kit.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { ok, type Received, type Script, type ScriptedServer } from '../../support/scripted-server.js'

afterEach(cleanup)

/** Resolves once `count` requests of `method` arrived from index `from` of `server.received`. */
async function arrivals(
  server: ScriptedServer,
  method: string,
  count: number,
  from: number,
): Promise<Received[]> {
  const out: Received[] = []
  let at = from
  while (out.length < count) {
    const r = await server.waitFor(method, at)
    out.push(r)
    at = server.received.indexOf(r) + 1
  }
  return out
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
    let h: Awaited<ReturnType<typeof connect>> | undefined
    const answer = (req: Received) => ok(req, { serverTime: (h?.timers.now() ?? 0) + serverSkew })
    const script: Script = (req) => {
      if (req.method !== 'time' || !hold) return undefined
      return new Promise((resolve) => pending.push(() => resolve(answer(req))))
    }
    h = await connect(script, { clockSamples: 3, maxClockRoundTrip: 1000 }, () => serverSkew)
    const { conn, timers, server } = h
    expect(conn.serverTime() - timers.now()).toBe(600)

    // Reconnect: all three samples come back 2 s late, from a clock 5 s ahead.
    hold = true
    serverSkew = 5000
    const mark = h.status.mark()
    const from = server.received.length
    server.connections[0]?.terminate()
    const rec = await h.status.until((s) => s.state === 'reconnecting', mark)
    timers.advance(rec.state === 'reconnecting' ? rec.delay : 0)
    await arrivals(server, 'time', 3, from)
    timers.advance(2000)
    for (const release of pending.splice(0)) release()
    await h.status.until((s) => s.state === 'open', mark)
    expect(conn.serverTime() - timers.now()).toBe(600)

    // Next reconnect: one prompt answer (+700) is applied; answers 400 ms and 3.85 s later are not.
    const mark2 = h.status.mark()
    const from2 = server.received.length
    server.connections[1]?.terminate()
    const rec2 = await h.status.until((s) => s.state === 'reconnecting', mark2)
    timers.advance(rec2.state === 'reconnecting' ? rec2.delay : 0)
    await arrivals(server, 'time', 3, from2)
    const [late, slow, prompt] = pending.splice(0)
    serverSkew = 700
    prompt?.()
    await h.status.until((s) => s.state === 'open', mark2)
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
