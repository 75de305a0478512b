// The emulator closing (SIGTERM, `ex.close()`): its WebSocket clients, API and streams, get a close frame 1001
// "going away" (not a cut socket, 1006 at the client), and a client that never answers it does not hold the close.
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startEmulator } from '../../../src/emulator/index.js'
import { nonReader } from '../../support/raw-socket.js'

/** A ws client of `url`, once open; `closed` resolves its close code and reason. */
async function client(url: string) {
  const ws = new WebSocket(url)
  const closed = once(ws, 'close').then(([code, reason]) => [code, String(reason)])
  await once(ws, 'open')
  return { closed }
}

/** The HTTP answer to a raw upgrade: the connection is a WebSocket once `101` has come. */
async function upgraded(socket: Socket): Promise<void> {
  const [head] = (await once(socket, 'data')) as [Buffer]
  expect(head.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /)
}

describe('ex.close() with WebSocket clients open', () => {
  it('sends every WebSocket API and stream connection a close frame 1001', async () => {
    const ex = await startEmulator({ liquidity: false })
    const api = await client(ex.url)
    const raw = await client(`${ex.streams.url}/ws/btcusdt@trade`)
    const combined = await client(`${ex.streams.url}/stream?streams=btcusdt@depth`)
    await ex.close()
    const goingAway = [1001, 'emulator closing']
    expect(await Promise.all([api, raw, combined].map((c) => c.closed))).toEqual([
      goingAway,
      goingAway,
      goingAway,
    ])
  })

  it('cuts a client that never answers the close frame, so that the close ends', async () => {
    const ex = await startEmulator({ liquidity: false })
    const port = new URL(ex.url).port
    const sockets = [
      await nonReader(Number(port), '/ws-api/v3'),
      await nonReader(Number(port), '/ws/btcusdt@trade'),
    ]
    await Promise.all(sockets.map(upgraded))
    const cut = sockets.map((s) => once(s, 'close'))
    // ws's own wait for the answer is 30 s: the test's 5 s would end first.
    await ex.close()
    await Promise.all(cut)
  })

  it('lets no client in once the close has begun (one reconnecting at the close frame)', async () => {
    const ex = await startEmulator({ liquidity: false })
    const port = Number(new URL(ex.url).port)
    const [stream, api] = [await nonReader(port, '/ws/btcusdt@trade'), await nonReader(port, '/ws-api/v3')]
    await Promise.all([stream, api].map(upgraded))
    // Both get their close frames at once: listen before the close begins.
    const [streamFrame, apiFrame] = [once(stream, 'data'), once(api, 'data')]
    const closing = ex.close()
    /** A new client of `url` after `frame` (a silent client's close frame) came: it never opens. */
    const refusedAfter = async (frame: Promise<unknown>, url: string) => {
      await frame
      const ws = new WebSocket(url)
      ws.on('error', () => {})
      let opened = false
      ws.on('open', () => {
        opened = true
      })
      // (events.once would reject at the 'error' the refusal raises.)
      await new Promise((resolve) => ws.on('close', resolve))
      return opened
    }
    // Both servers close at once: while each waits for its silent client, neither lets a new one in.
    expect(await refusedAfter(streamFrame, ex.url)).toBe(false)
    expect(await refusedAfter(apiFrame, `${ex.streams.url}/ws/btcusdt@trade`)).toBe(false)
    await closing
  })
})
