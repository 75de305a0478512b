// A session the server revokes (its key deleted or no longer allowed from here) stays revoked in the client: no
// reconnect logs on with that key again, and a reconnect whose logon the server refuses goes on without a session
// (sessionRevoked) instead of failing every attempt. Its session streams end; public requests keep working.
// Against the emulator, over real sockets; before, every reconnect failed on session.logon and the connection
// never opened again.
import { afterEach, describe, expect, it } from 'vitest'
import {
  type ConnectionStatus,
  SpotWebsocketAPI,
  type WebsocketAPIConnection,
} from '../../../src/client/index.js'
import { EventRecorder } from '../../support/event-recorder.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { ED25519 } from '../../support/keys.js'

let kit: TestExchange | undefined
let conn: WebsocketAPIConnection | undefined
afterEach(async () => {
  await conn?.disconnect()
  await kit?.close()
  kit = conn = undefined
})

/** An HMAC account with a second key `ed` (Ed25519), and a client logged on with `ed`. */
async function loggedOn() {
  const k = await startExchange({ clock: T0, accounts: [{ apiKey: 'h1', key: 'hmac', secret: 's1' }] })
  kit = k
  k.ex.addKey('h1', { apiKey: 'ed', publicKey: ED25519.publicKeyPem })
  const c = await new SpotWebsocketAPI({
    wsURL: k.ex.url,
    apiKey: 'ed',
    privateKey: ED25519.privateKeyPem,
    autoSessionLogon: true,
    reconnectDelay: 10,
  }).connect()
  conn = c
  const status = new EventRecorder<ConnectionStatus>()
  c.on('status', (s) => status.push(s))
  const revoked = new EventRecorder<{ code: number; msg: string }>()
  c.on('sessionRevoked', (e) => revoked.push(e))
  return { k, c, status, revoked }
}

/** Drops the client's socket and waits until it is open again. */
async function reconnect(k: TestExchange, status: EventRecorder<ConnectionStatus>) {
  const mark = status.mark()
  k.ex.dropConnections()
  await status.until((s) => s.state === 'open', mark)
  return status.since(mark).map((s) => s.state)
}

const REFUSED = { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }

describe('a revoked session', () => {
  it('after the pushed 401, a reconnect does not log on with the key again', async () => {
    const { k, c, status, revoked } = await loggedOn()
    k.ex.removeKey('ed')
    await c.ping()
    await revoked.until(() => true)
    expect(revoked.items).toEqual([REFUSED])
    expect(await reconnect(k, status)).toEqual(['reconnecting', 'connecting', 'open'])
    expect(k.ex.connections()[0]?.apiKey).toBeNull()
    await expect(c.ping()).resolves.toMatchObject({ status: 200 })
    await expect(c.accountStatus()).rejects.toMatchObject({ code: -2015 })
  })

  it('a key deleted while disconnected: the reconnect goes on without a session, and its session stream ends', async () => {
    const { k, c, status, revoked } = await loggedOn()
    const { stream } = await c.userDataStreamSubscribe()
    const mark = status.mark()
    k.ex.dropConnections()
    await status.until((s) => s.state === 'reconnecting', mark)
    k.ex.removeKey('ed')
    await status.until((s) => s.state === 'open', mark)
    expect(status.since(mark).map((s) => s.state)).toEqual(['reconnecting', 'connecting', 'open'])
    expect(revoked.items).toEqual([REFUSED])
    expect(stream.isEnded).toBe(true)
    expect(k.ex.connections()[0]).toMatchObject({ apiKey: null, subscriptions: [] })
    await expect(c.depth({ symbol: 'BTCUSDT', limit: 5 })).resolves.toMatchObject({ status: 200 })
  })

  it('a refusal that is not about the key still fails the reconnect, which is tried again', async () => {
    const { k, c, status, revoked } = await loggedOn()
    const mark = status.mark()
    k.ex.failNext({ method: 'session.logon', error: 'SERVER_BUSY' })
    k.ex.dropConnections()
    await status.until((s) => s.state === 'open', mark)
    const states = status.since(mark)
    expect(states.map((s) => s.state)).toEqual([
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'open',
    ])
    expect(states[2]).toMatchObject({ reason: expect.stringMatching(/^session\.logon failed: .*-1008/) })
    expect(revoked.items).toEqual([])
    expect(k.ex.connections()[0]?.apiKey).toBe('ed')
    await expect(c.accountStatus()).resolves.toMatchObject({ status: 200 })
  })
})
