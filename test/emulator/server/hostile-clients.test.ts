// The WebSocket API's port against clients that stop reading, sockets that never finish their upgrade and bursts
// of pipelined frames (docs/emulator-fidelity.md H1, H7, H8).
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { setImmediate as turn } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CONNECTION_WEIGHT } from '../../../src/emulator/exchange/limits/rules.js'
import type { Emulator } from '../../../src/emulator/index.js'
import { exchangePerTest, T0, type TestExchangeOptions } from '../../support/exchange.js'
import { maskedText, nonReader, silentSocket } from '../../support/raw-socket.js'
import { upgradeRefusal } from '../../support/upgrade-refusal.js'

const exchange = exchangePerTest()
const sockets: Socket[] = []
const clients: WebSocket[] = []
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy()
  for (const c of clients.splice(0)) c.terminate()
})

async function emulator(options: TestExchangeOptions = {}): Promise<Emulator> {
  return (await exchange({ now: () => T0, ...options })).ex
}

/** A WebSocket API client from `localAddress` that reads; open. */
async function goodClient(ex: Emulator, localAddress = '127.0.0.1'): Promise<WebSocket> {
  const ws = new WebSocket(ex.url, { localAddress })
  clients.push(ws)
  await once(ws, 'open')
  return ws
}

async function ping(ws: WebSocket): Promise<unknown> {
  const answer = once(ws, 'message')
  ws.send('{"id":"p","method":"ping"}')
  return JSON.parse(String(((await answer) as [Buffer])[0]))
}

describe('a client that stops reading (fidelity H1)', () => {
  it('is closed with 1008 "Slow consumer" and one log line once its unsent answers pass maxUnsentBytes', async () => {
    const lines: string[] = []
    const ex = await emulator({
      connection: { maxUnsentBytes: 256 * 1024 },
      limits: { requestWeight: 1e9 },
      log: (line) => lines.push(line),
    })
    const stuck = await nonReader(ex.port, '/ws-api/v3')
    sockets.push(stuck)
    const good = await goodClient(ex)
    await expect.poll(() => ex.connections()).toHaveLength(2)
    const batch = Buffer.concat(
      Array.from({ length: 100 }, () => maskedText('{"id":1,"method":"exchangeInfo"}')),
    )
    for (let i = 0; i < 200 && lines.length === 0; i++) {
      stuck.write(batch)
      await turn()
    }
    expect(lines).toEqual([
      expect.stringMatching(
        /^API connection \d+ \(127\.0\.0\.1\): closed 1008 "Slow consumer", \d+ bytes unsent \(maxUnsentBytes 262144\)$/,
      ),
    ])
    await expect.poll(() => ex.connections()).toHaveLength(1)
    expect(await ping(good)).toMatchObject({ id: 'p', status: 200 })
  })
})

describe('sockets that never finish the upgrade (fidelity H7)', () => {
  it('per IP, more than maxPendingUpgradesPerIp are closed at once; the rest after handshakeTimeout; others connect meanwhile', async () => {
    const lines: string[] = []
    const ex = await emulator({
      connection: { handshakeTimeout: 300, maxPendingUpgradesPerIp: 4, maxPendingUpgrades: 100 },
      log: (line) => lines.push(line),
    })
    const silent = await Promise.all(Array.from({ length: 4 }, () => silentSocket(ex.port)))
    sockets.push(...silent)
    const closedAt: number[] = []
    for (const s of silent) s.on('close', () => closedAt.push(performance.now()))
    const extra = await silentSocket(ex.port)
    sockets.push(extra)
    await once(extra, 'close')
    expect(closedAt).toEqual([])
    expect(lines).toEqual([
      '127.0.0.1: 4 connections without a request yet (maxPendingUpgradesPerIp); closing its new ones',
    ])
    // Another IP is not refused, and answers come.
    expect(await ping(await goodClient(ex, '127.0.0.2'))).toMatchObject({ status: 200 })
    await Promise.all(silent.map((s) => (s.closed ? undefined : once(s, 'close'))))
    expect(closedAt).toHaveLength(4)
    expect(await ping(await goodClient(ex))).toMatchObject({ status: 200 })
  })

  it('over maxPendingUpgrades in all, the oldest waiting socket is closed for the new one', async () => {
    const ex = await emulator({
      connection: { handshakeTimeout: 60_000, maxPendingUpgradesPerIp: 10, maxPendingUpgrades: 4 },
      log: () => {},
    })
    const first = await Promise.all(['127.0.3.1', '127.0.3.2'].map((ip) => silentSocket(ex.port, ip)))
    const rest = await Promise.all(['127.0.3.3', '127.0.3.4'].map((ip) => silentSocket(ex.port, ip)))
    sockets.push(...first, ...rest)
    const [oldest, second] = first.map((s) => once(s, 'close'))
    // A well-behaved client is one new socket: it takes the oldest one's place and upgrades.
    expect(await ping(await goodClient(ex, '127.0.3.5'))).toMatchObject({ status: 200 })
    await oldest
    // Its upgrade left a place: the first new silent socket takes it, the next one the second oldest's.
    sockets.push(await silentSocket(ex.port, '127.0.3.6'), await silentSocket(ex.port, '127.0.3.7'))
    await second
    expect(rest.every((s) => !s.closed)).toBe(true)
  })

  it('a socket closed at handshakeTimeout counts as a connection attempt of its IP (then 429 -1034)', async () => {
    const ex = await emulator({ connection: { handshakeTimeout: 100 }, limits: { connectionAttempts: 3 } })
    const silent = await Promise.all(Array.from({ length: 3 }, () => silentSocket(ex.port, '127.0.4.1')))
    sockets.push(...silent)
    await Promise.all(silent.map((s) => once(s, 'close')))
    const msg = "Too many connection attempts from IP; current limit is 3 per '5 MINUTE'."
    expect(await upgradeRefusal(ex.url, { localAddress: '127.0.4.1' })).toEqual({
      status: 429,
      body: { code: -1034, msg },
      retryAfter: '100',
    })
    expect(await ping(await goodClient(ex, '127.0.4.2'))).toMatchObject({ status: 200 })
  })
})

const BURST = 1500

describe('pipelined frames take turns (fidelity H8)', () => {
  it("a burst of 1,500 pings on one connection does not delay another connection's ping behind it", async () => {
    // Both connect from one IP: the REQUEST_WEIGHT count in the good client's answer tells how many of the
    // burst's requests ran before its own.
    const ex = await emulator()
    const burst = await nonReader(ex.port, '/ws-api/v3')
    sockets.push(burst)
    let answers = ''
    burst.on('data', (chunk: Buffer) => {
      answers += chunk.toString('latin1')
    })
    await expect.poll(() => answers.startsWith('HTTP/1.1 101')).toBe(true)
    const good = await goodClient(ex)

    const upgraded = answers.length
    burst.write(Buffer.concat(Array.from({ length: BURST }, () => maskedText('{"id":1,"method":"ping"}'))))
    await expect.poll(() => answers.length > upgraded, { interval: 0 }).toBe(true)
    const answer = once(good, 'message')
    good.send('{"id":"good","method":"ping"}')
    const { rateLimits } = JSON.parse(String(((await answer) as [Buffer])[0])) as {
      rateLimits: { rateLimitType: string; count: number }[]
    }
    const weight = rateLimits.find((r) => r.rateLimitType === 'REQUEST_WEIGHT')?.count ?? Number.NaN
    const burstRanBefore = weight - 2 * CONNECTION_WEIGHT - 1
    expect(burstRanBefore).toBeGreaterThanOrEqual(1)
    expect(burstRanBefore).toBeLessThan(BURST / 4)
    // Every request of the burst is still answered.
    await expect.poll(() => answers.split('"result":{}').length - 1, { timeout: 10_000 }).toBe(BURST)
  })
})

describe('a connection the server is closing (fidelity H8)', () => {
  it('does not run the frames it pipelined after its ban', async () => {
    const ex = await emulator({ control: true, limits: { requestWeight: 50, banAfter: 0 } })
    const banned = await nonReader(ex.port, '/ws-api/v3')
    sockets.push(banned)
    await expect.poll(() => ex.connections()).toHaveLength(1)
    banned.write(Buffer.concat(Array.from({ length: 200 }, () => maskedText('{"id":1,"method":"ping"}'))))
    await expect.poll(() => ex.requests().some((r) => r.status === 418)).toBe(true)
    // A well-behaved client from another address gets its turn after every frame that could still run.
    const good = await goodClient(ex, '127.0.0.2')
    await ping(good)
    await ping(good)
    const run = ex.requests().filter((r) => r.ip === '127.0.0.1')
    // 48 answered, the 49th banned, and at most the rest of that turn (16 frames) before the close.
    expect(run.length).toBeGreaterThanOrEqual(49)
    expect(run.length).toBeLessThanOrEqual(49 + 16)
  })
})
