// The control API's removeKey and updateKey: a key deleted or narrowed while clients use it. Requests signed with it
// are refused (-2015), its user data subscriptions end (eventStreamTerminated), and a session logged on with it is
// revoked at its next request with Binance's pushed 401 (spec: web-socket-api.md "Regarding API key revocation");
// the account and its other keys trade on. Both are journaled: a restart (journal alone, snapshot) keeps them.
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { type EventFrame, RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../../src/protocol/signing.js'
import { controlCall } from '../../support/control-call.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { ED25519 } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { TempDirs } from '../../support/temp-dirs.js'

const REVOKED = {
  id: null,
  status: 401,
  error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
}
const NEW1_SECRET = 'new1-secret-8d1f'
const K1 = createSigner({ apiSecret: 's1' })
const ED = createSigner({ privateKey: ED25519.privateKeyPem })

let kit: TestExchange | undefined
const dirs = new TempDirs()
const opened: (WebsocketAPIConnection | RawClient)[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => ('disconnect' in c ? c.disconnect() : c.close())))
  await kit?.close()
  kit = undefined
  dirs.removeAll()
})

/** k1 (HMAC) with a second key `ed` (Ed25519) on the same account; k2 (HMAC), an account with one key. */
async function start(dataDir?: string): Promise<TestExchange> {
  kit = await startExchange({
    clock: T0,
    control: true,
    accounts: [
      { apiKey: 'k1', key: 'hmac', secret: 's1', balances: { USDT: '1000' } },
      { apiKey: 'k2', key: 'hmac', secret: 's2', balances: { USDT: '1000' } },
    ],
    ...(dataDir && { dataDir }),
  })
  if (!(await keys(kit)).includes('ed'))
    await result(kit, 'addKey', { account: 'k1', apiKey: 'ed', publicKey: ED25519.publicKeyPem })
  return kit
}

async function result(k: TestExchange, path: string, params?: unknown): Promise<unknown> {
  const answer = await controlCall(k, path, params)
  expect(answer.body.error).toBeUndefined()
  return answer.body.result
}

const keys = async (k: TestExchange) =>
  ((await result(k, 'accounts')) as { apiKey: string }[]).map((a) => a.apiKey)

async function raw(k: TestExchange): Promise<RawClient> {
  const c = await RawClient.open(k.ex.url)
  opened.push(c)
  return c
}

/** A raw connection logged on with `ed`, its account subscribed through the session. */
async function loggedOn(k: TestExchange): Promise<RawClient> {
  const c = await raw(k)
  expect((await c.signed('session.logon', ED, 'ed', {}, T0)).status).toBe(200)
  expect((await c.request('userDataStream.subscribe')).result).toEqual({ subscriptionId: 0 })
  return c
}

async function client(k: TestExchange, apiKey: string, key: object): Promise<WebsocketAPIConnection> {
  const conn = await new SpotWebsocketAPI({ wsURL: k.ex.url, apiKey, ...key }).connect()
  opened.push(conn)
  return conn
}

const terminated = (f: EventFrame) => f.event.e === 'eventStreamTerminated'
const buy = limit('BTCUSDT', 'BUY', '20000', '0.01')

describe('removeKey', () => {
  it('ends its subscriptions at once and revokes its session after the next request, with the pushed 401', async () => {
    const k = await start()
    const session = await loggedOn(k)
    const bySignature = await raw(k)
    await bySignature.signed('userDataStream.subscribe.signature', ED, 'ed', {}, T0)
    const other = await raw(k)
    await other.signed('userDataStream.subscribe.signature', K1, 'k1', {}, T0)

    expect(await result(k, 'removeKey', { apiKey: 'ed' })).toEqual({ sessions: 1, subscriptions: 2 })
    for (const c of [session, bySignature]) {
      expect(await c.event(terminated)).toEqual({
        subscriptionId: 0,
        event: { e: 'eventStreamTerminated', E: T0 },
      })
    }
    // The next request relied on the session's key: refused, then the session is revoked (pushed, id null).
    const next = await session.signed('account.status', K1, 'k1', {}, T0)
    expect(next.status).toBe(200)
    const push = await session.response((r) => r.id === null)
    const at = session.log.indexOf(next)
    expect(session.log.slice(at, at + 2)).toEqual([next, push])
    expect(push).toEqual(REVOKED)
    expect((await session.request('session.status')).result).toMatchObject({
      apiKey: null,
      userDataStream: false,
    })
    expect(await session.request('account.status', { timestamp: T0 })).toMatchObject({
      status: 400,
      error: { code: -1102 },
    })
    // Signed with the deleted key: refused, over REST too. The account's other key trades on, its stream untouched.
    expect(await bySignature.signed('account.status', ED, 'ed', {}, T0)).toMatchObject({
      status: 401,
      error: REVOKED.error,
    })
    const query = `timestamp=${T0}`
    const rest = await fetch(
      `http://127.0.0.1:${k.ex.port}/api/v3/account?${query}&signature=${encodeURIComponent(ED.sign(query))}`,
      { headers: { 'X-MBX-APIKEY': 'ed' } },
    )
    expect([rest.status, await rest.json()]).toEqual([401, REVOKED.error])
    expect(await other.signed('order.place', K1, 'k1', buy, T0)).toMatchObject({
      status: 200,
    })
    expect((await other.event((f) => f.event.e === 'executionReport')).subscriptionId).toBe(0)
    expect(await keys(k)).toEqual(['k1', 'k2'])
  })

  it("refuses a request that used the revoked session's key with -2015, then revokes; the client reports it", async () => {
    const k = await start()
    const ed = await client(k, 'ed', { privateKey: ED25519.privateKeyPem, autoSessionLogon: true })
    const { stream } = await ed.userDataStreamSubscribe()
    const ended = new Promise((resolve) => stream.on('eventStreamTerminated', resolve))
    const revoked = once(ed, 'sessionRevoked')
    await result(k, 'removeKey', { apiKey: 'ed' })
    expect(await ended).toEqual({ e: 'eventStreamTerminated', E: T0 })
    await expect(ed.accountStatus()).rejects.toMatchObject({ code: -2015 })
    expect(await revoked).toEqual([REVOKED.error])
    // The client signs each request again, with a key that is gone: still -2015, the connection open.
    await expect(ed.accountStatus()).rejects.toMatchObject({ code: -2015 })
    expect(ed.isConnected()).toBe(true)
  })

  it("refuses the account's only key, an unknown key and a bad param, changing nothing", async () => {
    const k = await start()
    const refused = [
      await controlCall(k, 'removeKey', { apiKey: 'k2' }),
      await controlCall(k, 'removeKey', { apiKey: 'nobody' }),
      await controlCall(k, 'removeKey', {}),
      await controlCall(k, 'removeKey', { apiKey: 'ed', account: 'k1' }),
    ]
    expect(refused.map((a) => [a.status, a.body.error?.code, a.body.error?.msg])).toEqual([
      [400, 'REJECTED', "apiKey: k2 is its account's only key (add another first)"],
      [400, 'REJECTED', "no account has the API key 'nobody'"],
      [400, 'INVALID_PARAM', 'apiKey: is required'],
      [400, 'INVALID_PARAM', 'account: unknown field (this route takes apiKey)'],
    ])
    expect(await keys(k)).toEqual(['k1', 'k2', 'ed'])
    // Once the account has another key, its first one can go: the account stays, reached by the other.
    await result(k, 'removeKey', { apiKey: 'k1' })
    expect(k.ex.accounts()).toEqual([
      {
        apiKey: 'k2',
        uid: 354937870,
        keyType: 'HMAC',
        permissions: ['TRADE', 'USER_DATA', 'USER_STREAM'],
        ipWhitelist: null,
      },
      {
        apiKey: 'ed',
        uid: 354937869,
        keyType: 'PUBLIC_KEY',
        permissions: ['TRADE', 'USER_DATA', 'USER_STREAM'],
        ipWhitelist: null,
      },
    ])
    k.ex.deposit('ed', 'BTC', '1')
    expect(k.ex.query('account.status', { omitZeroBalances: true }, 'ed').balances).toHaveLength(2)
  })
})

describe('updateKey', () => {
  it('an address no longer whitelisted revokes the session after the next request; null allows any again', async () => {
    const k = await start()
    const session = await loggedOn(k)
    const change = { apiKey: 'ed', ipWhitelist: ['10.0.0.7'] }
    expect(await result(k, 'updateKey', change)).toEqual({ sessions: 1, subscriptions: 1 })
    await session.event(terminated)
    expect(await session.request('session.status')).toMatchObject({ status: 200 })
    expect(await session.response((r) => r.id === null)).toEqual(REVOKED)
    expect(await session.signed('session.logon', ED, 'ed', {}, T0)).toMatchObject({ status: 401 })

    expect(await result(k, 'updateKey', { apiKey: 'ed', ipWhitelist: null })).toEqual({
      sessions: 0,
      subscriptions: 0,
    })
    expect(await session.signed('session.logon', ED, 'ed', {}, T0)).toMatchObject({ status: 200 })
  })

  it('permissions apply from the next request; a key without USER_STREAM loses its subscriptions, not its session', async () => {
    const k = await start()
    const session = await loggedOn(k)
    const trader = await client(k, 'k1', { apiSecret: 's1' })
    await trader.orderPlace(buy)
    expect(await result(k, 'updateKey', { apiKey: 'k1', permissions: ['USER_DATA'] })).toEqual({
      sessions: 0,
      subscriptions: 0,
    })
    await expect(trader.orderPlace(buy)).rejects.toMatchObject({ code: -2015 })
    await expect(trader.openOrdersStatus({ symbol: 'BTCUSDT' })).resolves.toMatchObject({
      data: [{ price: '20000.00000000' }],
    })

    expect(await result(k, 'updateKey', { apiKey: 'ed', permissions: ['TRADE', 'USER_DATA'] })).toEqual({
      sessions: 0,
      subscriptions: 1,
    })
    await session.event(terminated)
    expect(await session.request('order.place', { ...buy, timestamp: T0 })).toMatchObject({ status: 200 })
    expect(session.log).not.toContainEqual(REVOKED)
    expect(await session.request('userDataStream.subscribe')).toMatchObject({ error: { code: -2015 } })
    // A reset returns every key to the configuration: k1 may trade again, the added key is gone.
    await result(k, 'reset', {})
    expect(await result(k, 'accounts')).toMatchObject([
      { apiKey: 'k1', permissions: ['TRADE', 'USER_DATA', 'USER_STREAM'] },
      { apiKey: 'k2' },
    ])
    await expect(trader.orderPlace(buy)).resolves.toMatchObject({ data: { status: 'NEW' } })
  })

  it('refuses bad input naming the field, changing nothing', async () => {
    const k = await start()
    const refused = [
      await controlCall(k, 'updateKey', { apiKey: 'ed', permissions: ['WITHDRAW'] }),
      await controlCall(k, 'updateKey', { apiKey: 'ed' }),
      await controlCall(k, 'updateKey', { apiKey: 'ed', ipWhitelist: '10.0.0.7' }),
      await controlCall(k, 'updateKey', { apiKey: 'nobody', permissions: [] }),
    ]
    expect(refused.map((a) => [a.status, a.body.error?.code, a.body.error?.msg])).toEqual([
      [400, 'INVALID_PARAM', 'permissions: WITHDRAW is not one of TRADE, USER_DATA, USER_STREAM'],
      [400, 'INVALID_PARAM', 'permissions: give permissions, ipWhitelist (null: any address) or both'],
      [400, 'INVALID_PARAM', 'ipWhitelist: must be a list of strings'],
      [400, 'REJECTED', "no account has the API key 'nobody'"],
    ])
    const trader = await client(k, 'ed', { privateKey: ED25519.privateKeyPem })
    await expect(trader.orderPlace(buy)).resolves.toMatchObject({ data: { status: 'NEW' } })
  })
})

describe('key changes with a data dir', () => {
  it('keep across a restart, from the journal alone and from a snapshot; a key removed can be added again', async () => {
    const dir = dirs.make('bsw-data-')
    const k = await start(dir)
    await result(k, 'removeKey', { apiKey: 'k1' })
    await result(k, 'updateKey', { apiKey: 'ed', permissions: ['USER_DATA'], ipWhitelist: ['127.0.0.1'] })
    await result(k, 'addKey', { account: 'ed', apiKey: 'k1', hmacSecret: 's1-new' })
    await result(k, 'addAccount', { apiKey: 'new1', hmacSecret: NEW1_SECRET, balances: { USDT: '5' } })
    await result(k, 'addKey', { account: 'new1', apiKey: 'new1b', hmacSecret: 'n1b' })
    await result(k, 'removeKey', { apiKey: 'new1' })
    const copy = dirs.copy(dir)
    await k.close()
    kit = undefined

    for (const from of [copy, dir]) {
      const again = await start(from)
      expect(await keys(again)).toEqual(['k2', 'ed', 'k1', 'new1b'])
      const listed = (await result(again, 'accounts')) as { apiKey: string }[]
      expect(listed.find((a) => a.apiKey === 'ed')).toMatchObject({
        permissions: ['USER_DATA'],
        ipWhitelist: ['127.0.0.1'],
      })
      const c = await raw(again)
      const status = (key: string, signer = K1) => c.signed('account.status', signer, key, {}, T0)
      expect(await status('k1')).toMatchObject({ status: 400, error: { code: -1022 } })
      expect(await status('k1', createSigner({ apiSecret: 's1-new' }))).toMatchObject({ status: 200 })
      expect(await status('new1', createSigner({ apiSecret: NEW1_SECRET }))).toMatchObject({ status: 401 })
      expect(await status('new1b', createSigner({ apiSecret: 'n1b' }))).toMatchObject({ status: 200 })
      expect(await status('ed', ED)).toMatchObject({ status: 200 })
      expect(await c.signed('order.place', ED, 'ed', buy, T0)).toMatchObject({
        status: 401,
        error: { code: -2015 },
      })
      await Promise.all(opened.splice(0).map((o) => ('disconnect' in o ? o.disconnect() : o.close())))
      await again.close()
      kit = undefined
    }
    // The account whose first key went keeps its options (with the secret) out of the state's lines: the secret is
    // only in the line that lists the commands that made the account (each line: its checksum, a space, the text).
    const snap = readdirSync(dir).find((n) => n.endsWith('.snap'))
    const lines = readFileSync(join(dir, String(snap)), 'utf8').split('\n')
    expect(lines.filter((line) => line.includes(NEW1_SECRET)).map((line) => line.slice(9, 19))).toEqual([
      '{"added":[',
    ])
  })
})
