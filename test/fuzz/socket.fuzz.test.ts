// Frame fuzzing over real sockets: random frames pipelined on one connection all get an answer in
// order; binary, invalid UTF-8 and oversized frames close only their own connection with the RFC
// 6455 code; the server keeps serving. FUZZ_SEED / FUZZ_SCALE as in dispatch.fuzz.test.ts.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { MAX_FRAME_BYTES } from '../../src/emulator/api/server.js'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
import { answerProblem } from '../support/answer-check.js'
import { fuzzFrame, fuzzParams, serialise } from './arbitraries.js'

let ex: Emulator

beforeAll(async () => {
  ex = await startEmulator({ port: 0, limits: { banAfter: false } })
})

afterAll(async () => {
  await ex.close()
})

/** An open socket with every text frame it receives, and its close code once closed. */
async function open(
  localAddress = '127.0.0.1',
): Promise<{ ws: WebSocket; frames: unknown[]; closed: Promise<number> }> {
  const ws = new WebSocket(ex.url, { localAddress })
  const frames: unknown[] = []
  ws.on('message', (data) => frames.push(JSON.parse(String(data))))
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { ws, frames, closed }
}

/** Resolves once `frames` holds `n` items (or rejects if the socket closes first). */
function received(c: { ws: WebSocket; frames: unknown[] }, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (c.frames.length >= n) {
        c.ws.off('message', check)
        c.ws.off('close', fail)
        resolve()
      }
    }
    const fail = () => reject(new Error(`closed after ${c.frames.length} of ${n} frames`))
    c.ws.on('message', check)
    c.ws.once('close', fail)
    check()
  })
}

async function pingWorks(): Promise<void> {
  const c = await open()
  c.ws.send(JSON.stringify({ id: 'alive', method: 'ping' }))
  await received(c, 1)
  expect(c.frames[0]).toMatchObject({ id: 'alive', status: 200, result: {} })
  c.ws.close()
  await c.closed
}

describe('fuzz: frames over a real socket', () => {
  it('answers every pipelined random frame, in order, with 200 or a spec 4xx, and stays open', async () => {
    const { seed, numRuns } = fuzzParams(400)
    const frames = fc.sample(fuzzFrame, { seed, numRuns })
    // Batches of 250 frames, each on a connection from its own 127.0.2.x address: REQUEST_WEIGHT is
    // per IP, and a long run must not turn into a run of 429s.
    for (let from = 0, batch = 0; from < frames.length; from += 250, batch++) {
      const c = await open(`127.0.2.${1 + (batch % 250)}`)
      const ids: unknown[] = []
      const texts = frames.slice(from, from + 250).map((f, i) => {
        ids.push(f.kind === 'text' ? undefined : `n${i}`)
        return f.kind === 'text' ? f.text : serialise({ id: `n${i}`, method: f.method, params: f.params })
      })
      for (const text of texts) c.ws.send(text)
      c.ws.send(JSON.stringify({ id: 'last', method: 'ping' }))
      await received(c, texts.length + 1)
      expect(c.frames).toHaveLength(texts.length + 1)
      for (const [i, frame] of c.frames.slice(0, texts.length).entries()) {
        const problem = answerProblem(frame as Record<string, unknown>)
        expect(problem, `frame ${from + i}: ${texts[i]?.slice(0, 300)}`).toBeUndefined()
        if (ids[i] !== undefined) expect((frame as { id: unknown }).id).toBe(ids[i])
      }
      expect(c.frames.at(-1)).toMatchObject({ id: 'last', status: 200 })
      expect(c.ws.readyState).toBe(WebSocket.OPEN)
      c.ws.close()
      await c.closed
    }
  })

  it('closes a connection that sends a binary frame with 1003, and keeps serving others', async () => {
    const c = await open()
    c.ws.send(Buffer.from(JSON.stringify({ id: 1, method: 'ping' })), { binary: true })
    expect(await c.closed).toBe(1003)
    expect(c.frames).toEqual([])
    await pingWorks()
  })

  it('closes a connection that sends invalid UTF-8 in a text frame with 1007', async () => {
    const c = await open()
    c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
    expect(await c.closed).toBe(1007)
    await pingWorks()
  })

  it('answers a frame just under the size limit and a deeply nested one', async () => {
    const c = await open()
    const big = JSON.stringify({
      id: 'big',
      method: 'ping',
      params: { pad: 'x'.repeat(MAX_FRAME_BYTES - 100) },
    })
    c.ws.send(big)
    const nested = `{"id":"deep","method":"ping","params":{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`
    c.ws.send(nested)
    await received(c, 2)
    for (const f of c.frames) expect(answerProblem(f as Record<string, unknown>)).toBeUndefined()
    expect(c.frames.map((f) => (f as { id: unknown }).id)).toEqual(['big', 'deep'])
    c.ws.close()
    await c.closed
  })

  it('closes a connection whose frame exceeds the payload limit with 1009', async () => {
    const c = await open()
    const over = Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20)
    c.ws.send(over, { binary: false })
    expect(await c.closed).toBe(1009)
    expect(c.frames).toEqual([])
    await pingWorks()
  })

  it('serves 100 connections opened at once', async () => {
    const all = await Promise.all(Array.from({ length: 100 }, () => open()))
    for (const [i, c] of all.entries()) c.ws.send(JSON.stringify({ id: i, method: 'time' }))
    await Promise.all(all.map((c) => received(c, 1)))
    for (const [i, c] of all.entries()) expect(c.frames[0]).toMatchObject({ id: i, status: 200 })
    for (const c of all) c.ws.close()
    await Promise.all(all.map((c) => c.closed))
  })
})
