// The control API's accounts and keys over HTTP: addAccount opens an account a client can trade on at once,
// addKey gives it another key (HMAC, Ed25519 or RSA PEM) over the same balances; no answer ever carries a secret,
// bad input names its param, and with a data dir both survive a restart (from the journal alone and from a snapshot).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { type AccountOptions, ControlParamError, startEmulator } from '../../../src/emulator/index.js'
import { controlCall } from '../../support/control-call.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { ED25519, OTHER_ED25519, rsaKeys } from '../../support/keys.js'
import { limit } from '../../support/order-params.js'
import { TempDirs } from '../../support/temp-dirs.js'

const SECRET = 'runtime-secret-0123456789'
let kit: TestExchange | undefined
const dirs = new TempDirs()
const opened: WebsocketAPIConnection[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.disconnect()))
  await kit?.close()
  kit = undefined
  dirs.removeAll()
})

async function start(dataDir?: string): Promise<TestExchange> {
  kit = await startExchange({
    clock: T0,
    control: true,
    accounts: [{ apiKey: 'k1', key: 'hmac', balances: { USDT: '1000' } }],
    ...(dataDir && { dataDir }),
  })
  return kit
}

async function result(k: TestExchange, path: string, params?: unknown): Promise<unknown> {
  const answer = await controlCall(k, path, params)
  expect(answer.body.error).toBeUndefined()
  return answer.body.result
}

async function client(k: TestExchange, apiKey: string, key: object): Promise<WebsocketAPIConnection> {
  const conn = await new SpotWebsocketAPI({ wsURL: k.ex.url, apiKey, ...key }).connect()
  opened.push(conn)
  return conn
}

const buy = (price: string) => limit('BTCUSDT', 'BUY', price, '0.01')

describe('addAccount and addKey over HTTP', () => {
  it('opens an account a client trades on at once, and lists it without its secret', async () => {
    const k = await start()
    const added = await controlCall(k, 'addAccount', {
      apiKey: 'new1',
      hmacSecret: SECRET,
      balances: { USDT: '500.5', BTC: '0.25' },
      commission: { maker: '0.0002' },
      permissions: ['TRADE', 'USER_DATA'],
    })
    expect(added.body.result).toEqual({
      apiKey: 'new1',
      uid: 354937870,
      keyType: 'HMAC',
      permissions: ['TRADE', 'USER_DATA'],
      ipWhitelist: null,
    })
    expect(added.text).not.toContain(SECRET)
    const trader = await client(k, 'new1', { apiSecret: SECRET })
    const placed = await trader.orderPlace(buy('50000'))
    expect(placed.data.status).toBe('NEW')
    const status = (await trader.accountStatus({ omitZeroBalances: true })).data
    expect(status.balances).toEqual([
      { asset: 'BTC', free: '0.25000000', locked: '0.00000000' },
      { asset: 'USDT', free: '0.50000000', locked: '500.00000000' },
    ])
    expect(status.commissionRates.maker).toBe('0.00020000')
    const listed = await controlCall(k, 'accounts')
    expect(listed.body.result).toEqual([
      {
        apiKey: 'k1',
        uid: 354937869,
        keyType: 'HMAC',
        permissions: ['TRADE', 'USER_DATA', 'USER_STREAM'],
        ipWhitelist: null,
      },
      {
        apiKey: 'new1',
        uid: 354937870,
        keyType: 'HMAC',
        permissions: ['TRADE', 'USER_DATA'],
        ipWhitelist: null,
      },
    ])
    expect(listed.text).not.toContain(SECRET)
  })

  it('takes every field of a config file account: tax and per-symbol rates, asset filters, restrictions', async () => {
    const k = await start()
    await result(k, 'addAccount', {
      apiKey: 'full',
      hmacSecret: SECRET,
      balances: { USDT: '1000' },
      commissions: {
        tax: { maker: '0.0003', taker: '0.0004' },
        bySymbol: { ETHUSDT: { special: { taker: '0.0005' } } },
        payInBnb: true,
      },
      assetFilters: [{ filterType: 'MAX_ASSET', asset: 'BTC', limit: '0.50000000' }],
      tradeGroupId: 7,
      restrictedSymbols: ['BNBUSDT'],
      disabledActions: ['AMEND'],
      preventSor: true,
    })
    const trader = await client(k, 'full', { apiSecret: SECRET })
    const btc = (await trader.accountCommission({ symbol: 'BTCUSDT' })).data
    expect(btc.taxCommission).toMatchObject({ maker: '0.00030000', taker: '0.00040000' })
    expect(btc.discount.enabledForAccount).toBe(true)
    const eth = (await trader.accountCommission({ symbol: 'ETHUSDT' })).data
    expect(eth.specialCommission.taker).toBe('0.00050000')
    expect((await trader.myFilters({ symbol: 'BTCUSDT' })).data.assetFilters).toEqual([
      { filterType: 'MAX_ASSET', asset: 'BTC', limit: '0.50000000' },
    ])
    await expect(trader.orderPlace(limit('BNBUSDT', 'BUY', '500', '0.1'))).rejects.toMatchObject({
      code: -2010,
      msg: 'This symbol is restricted for this account.',
    })
    await expect(trader.orderPlace(buy('50000'))).resolves.toMatchObject({ data: { status: 'NEW' } })
  })

  it('refuses a bad commission set or asset filter naming the nested field', async () => {
    const k = await start()
    const bad = (fields: object) =>
      controlCall(k, 'addAccount', { apiKey: 'x', hmacSecret: SECRET, ...fields })
    const refused = [
      await bad({ commissions: { tax: { maker: 0.1 } } }),
      await bad({ commissions: { bySymbol: { BTCUSDT: { discount: {} } } } }),
      await bad({ commissions: { payInBnb: 'yes' } }),
      await bad({ assetFilters: [{ filterType: 'MAX_ASSET', asset: 'BTC', limit: '-1' }] }),
      await bad({ assetFilters: [{ filterType: 'MAX_NUM_ORDERS', asset: 'BTC', limit: '1' }] }),
      await bad({ assetFilters: { filterType: 'MAX_ASSET' } }),
    ]
    expect(refused.map((a) => [a.status, a.body.error?.code, a.body.error?.msg.split(':')[0]])).toEqual([
      [400, 'INVALID_PARAM', 'commissions.tax.maker'],
      [400, 'INVALID_PARAM', 'commissions.bySymbol.BTCUSDT.discount'],
      [400, 'INVALID_PARAM', 'commissions.payInBnb'],
      [400, 'INVALID_PARAM', 'assetFilters[0].limit'],
      [400, 'INVALID_PARAM', 'assetFilters[0].filterType'],
      [400, 'INVALID_PARAM', 'assetFilters'],
    ])
    expect(((await result(k, 'accounts')) as unknown[]).length).toBe(1)
  })

  it('gives an account an Ed25519 and an RSA key over the same balances, each with its own permissions', async () => {
    const k = await start()
    expect(
      await result(k, 'addKey', { account: 'k1', apiKey: 'ed', publicKey: ED25519.publicKeyPem }),
    ).toEqual({
      apiKey: 'ed',
      uid: 354937869,
      keyType: 'PUBLIC_KEY',
      permissions: ['TRADE', 'USER_DATA', 'USER_STREAM'],
      ipWhitelist: null,
    })
    const rsa = rsaKeys()
    await result(k, 'addKey', {
      account: 'k1',
      apiKey: 'rsa',
      publicKey: rsa.publicKeyPem,
      permissions: ['USER_DATA'],
    })
    const ed = await client(k, 'ed', { privateKey: ED25519.privateKeyPem, autoSessionLogon: true })
    await ed.orderPlace(buy('40000'))
    const reader = await client(k, 'rsa', { privateKey: rsa.privateKeyPem })
    const seen = (await reader.accountStatus({ omitZeroBalances: true })).data
    expect(seen.balances).toEqual([{ asset: 'USDT', free: '600.00000000', locked: '400.00000000' }])
    await expect(reader.orderPlace(buy('40000'))).rejects.toMatchObject({ code: -2015 })
    expect(((await result(k, 'accounts')) as { apiKey: string }[]).map((a) => a.apiKey)).toEqual([
      'k1',
      'ed',
      'rsa',
    ])
  })

  it('refuses bad input naming the param, and a key already taken, changing nothing', async () => {
    const k = await start()
    const refused = [
      await controlCall(k, 'addAccount', { apiKey: 'x', hmacSecret: SECRET, balances: { USDT: 100 } }),
      await controlCall(k, 'addAccount', {
        apiKey: 'x',
        hmacSecret: SECRET,
        publicKey: ED25519.publicKeyPem,
      }),
      await controlCall(k, 'addAccount', { apiKey: 'x', publicKey: 'not a pem' }),
      await controlCall(k, 'addAccount', { apiKey: 'x', hmacSecret: SECRET, permissions: ['WITHDRAW'] }),
      await controlCall(k, 'addAccount', { apiKey: 'x', hmacSecret: SECRET, commission: { maker: '0.1.2' } }),
      await controlCall(k, 'addAccount', { apiKey: 'x', hmacSecret: SECRET, balance: {} }),
      await controlCall(k, 'addKey', { account: 'nobody', apiKey: 'x', hmacSecret: SECRET }),
      await controlCall(k, 'addAccount', { apiKey: 'k1', hmacSecret: SECRET }),
    ]
    expect(refused.map((a) => [a.status, a.body.error?.code, a.body.error?.msg.split(':')[0]])).toEqual([
      [400, 'INVALID_PARAM', 'balances.USDT'],
      [400, 'INVALID_PARAM', 'hmacSecret'],
      [400, 'INVALID_PARAM', 'publicKey'],
      [400, 'INVALID_PARAM', 'permissions'],
      [400, 'INVALID_PARAM', 'commission.maker'],
      [400, 'INVALID_PARAM', 'balance'],
      [400, 'REJECTED', "no account has the API key 'nobody'"],
      [400, 'REJECTED', 'apiKey'],
    ])
    for (const answer of refused) expect(answer.text).not.toContain(SECRET)
    expect(((await result(k, 'accounts')) as unknown[]).length).toBe(1)
  })

  it('keeps added accounts and keys across a restart: from the journal alone, and from a snapshot', async () => {
    const dir = dirs.make('bsw-data-')
    const k = await start(dir)
    await result(k, 'addAccount', { apiKey: 'new1', hmacSecret: SECRET, balances: { USDT: '300' } })
    await result(k, 'addKey', { account: 'new1', apiKey: 'new1-ed', publicKey: OTHER_ED25519.publicKeyPem })
    const trader = await client(k, 'new1', { apiSecret: SECRET })
    await trader.orderPlace(buy('20000'))
    await result(k, 'deposit', { apiKey: 'new1', asset: 'BTC', amount: '1' })
    const copy = dirs.copy(dir)
    expect(readdirSync(copy).filter((n) => n.endsWith('.snap'))).toEqual([])
    await Promise.all(opened.splice(0).map((c) => c.disconnect()))
    await k.close()

    for (const from of [copy, dir]) {
      const again = await start(from)
      expect(((await result(again, 'accounts')) as { apiKey: string }[]).map((a) => a.apiKey)).toEqual([
        'k1',
        'new1',
        'new1-ed',
      ])
      const ed = await client(again, 'new1-ed', {
        privateKey: OTHER_ED25519.privateKeyPem,
        autoSessionLogon: true,
      })
      expect((await ed.accountStatus({ omitZeroBalances: true })).data.balances).toEqual([
        { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
        { asset: 'USDT', free: '100.00000000', locked: '200.00000000' },
      ])
      const hmac = await client(again, 'new1', { apiSecret: SECRET })
      expect((await hmac.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toHaveLength(1)
      await Promise.all(opened.splice(0).map((c) => c.disconnect()))
      await again.close()
      kit = undefined
    }
    expect(readdirSync(dir).some((n) => n.endsWith('.snap'))).toBe(true)
  })
})

describe('addAccount in-process', () => {
  it('takes a Buffer public key, and refuses an unknown field by its name', async () => {
    const k = await start()
    const pem = Buffer.from(ED25519.publicKeyPem)
    expect(k.ex.addAccount({ apiKey: 'buf', publicKey: pem })).toMatchObject({ keyType: 'PUBLIC_KEY' })
    const typo = { apiKey: 'z', hmacSecret: SECRET, balanse: { USDT: '1' } } as unknown as AccountOptions
    expect(() => k.ex.addAccount(typo)).toThrow(ControlParamError)
    expect(() => k.ex.addAccount(typo)).toThrow(/^balanse: unknown field/)
    expect(k.ex.accounts().map((a) => a.apiKey)).toEqual(['k1', 'buf'])
  })
})

describe('snapshot over HTTP', () => {
  it('answers its file and record position with a data dir, REJECTED without one', async () => {
    const dir = dirs.make('bsw-data-')
    const k = await start(dir)
    await result(k, 'deposit', { apiKey: 'k1', asset: 'BTC', amount: '1' })
    const taken = (await result(k, 'snapshot', {})) as { file: string; records: number }
    expect(taken).toEqual({ file: join(dir, 'snapshot-000000000001.snap'), records: 1 })
    expect(readdirSync(dir)).toContain('snapshot-000000000001.snap')
    await k.close()
    kit = undefined
    const memory = await startEmulator({ control: true, liquidity: false })
    try {
      const res = await fetch(`http://127.0.0.1:${memory.port}/control/snapshot`, { method: 'POST' })
      expect([res.status, await res.json()]).toEqual([
        400,
        {
          error: {
            code: 'REJECTED',
            msg: 'snapshot: the emulator has no data dir (start it with --data-dir)',
          },
        },
      ])
    } finally {
      await memory.close()
    }
  })
})
