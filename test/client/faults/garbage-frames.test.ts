// Fault matrix row 9: garbage, binary and unsolicited frames are ignored safely; a 401 push revokes the session.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, connect } from '../../support/fault-kit.js'
import { ED25519 } from '../../support/keys.js'
import { deferred, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

describe('fault: garbage, binary and unsolicited frames', () => {
  it('ignores them, keeps pending and new requests working, and reports a pushed 401 as sessionRevoked', async () => {
    const release = deferred()
    const script: Script = (req) => {
      if (req.method === 'session.logon') return ok(req, { apiKey: 'key-1' })
      if (req.method === 'ping') return release.promise.then(() => ok(req))
      return ok(req, {})
    }
    const h = await connect(script, { privateKey: ED25519.privateKeyPem, autoSessionLogon: true })
    const { server, conn } = h
    const ws = server.connections[0]!
    const pending = conn.ping()
    const sent = await server.waitFor('ping')

    const junk: (object | string | Buffer)[] = [
      'not json {',
      '',
      Buffer.from([0, 1, 2, 255]),
      '[1,2,3]',
      'null',
      '42',
      '"text"',
      '{}',
      { id: 99_999, status: 200, result: { bogus: true } },
      { id: 'unknown', status: 400, error: { code: -1, msg: 'stray' } },
      { id: sent.id, status: 200 },
      { id: [sent.id], status: 200, result: {} },
      { event: null },
      { event: 'text' },
      { event: [] },
      { event: { e: 'somethingNew', E: 1 } },
      { subscriptionId: 'x', event: { e: 'balanceUpdate', E: 1 } },
      { subscriptionId: 42, event: { e: 'balanceUpdate', E: 1, a: 'BTC', d: '1', T: 1 } },
      { id: null, status: 500, error: null },
      { id: null, status: 500 },
    ]
    for (const frame of junk) server.send(ws, frame)
    await server.roundTrip(ws)

    // The malformed answer carrying the pending id was not taken as its answer.
    release.resolve()
    await expect(pending).resolves.toMatchObject({ status: 200, data: {} })

    // Before the revocation, the session authenticates signed requests (no per-request signature).
    const from = server.received.length
    await conn.accountStatus()
    expect(server.received[from]!.params).not.toHaveProperty('signature')

    const revoked = once(conn, 'sessionRevoked')
    const error = { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }
    server.send(ws, { id: null, status: 401, error })
    expect(await revoked).toEqual([error])

    // Afterwards signed requests carry their own signature again, on the same socket.
    await expect(conn.accountStatus()).resolves.toMatchObject({ status: 200 })
    expect(server.received.at(-1)!.params).toHaveProperty('signature')
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
    expect(server.connections).toHaveLength(1)
    expect(h.status.items).toEqual([])
    expect(conn.isConnected()).toBe(true)
  })
})
