import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UsageError } from './command.js'
import { loadEmulatorConfig, parseEmulatorConfig } from './emulator-config.js'

const dir = mkdtempSync(join(tmpdir(), 'bsw-cli-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BTCUSDT = {
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  referencePrice: '60000',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
    { filterType: 'LOT_SIZE', minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' },
    {
      filterType: 'NOTIONAL',
      minNotional: '5',
      applyMinToMarket: true,
      maxNotional: '9000000',
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
  ],
}
const parse = (value: unknown) => parseEmulatorConfig(JSON.stringify(value), dir)
const problem = (value: unknown) => {
  try {
    parse(value)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('emulator config file', () => {
  it('maps every field onto EmulatorOptions', () => {
    writeFileSync(join(dir, 'ed.pem'), '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n')
    const options = parse({
      port: 8091,
      host: '127.0.0.1',
      seed: 7,
      liquidity: { levels: 5, spacingBps: 2.5 },
      commission: { maker: '0.001', taker: '0.001' },
      symbols: [BTCUSDT],
      accounts: [
        { apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000', BTC: '2' } },
        { apiKey: 'k2', publicKeyFile: 'ed.pem', permissions: ['USER_DATA'] },
        { apiKey: 'k3', publicKey: 'PEM' },
        {
          apiKey: 'k4',
          hmacSecret: 's4',
          accountPermissions: ['SPOT', 'TRD_GRP_004'],
          restrictedSymbols: ['ETHBTC'],
          canTrade: false,
          disabledActions: ['CANCEL', 'AMEND'],
          preventSor: true,
          ipWhitelist: ['10.0.0.1'],
        },
      ],
      wsApiTrading: false,
      orderArchiveAfter: 3_600_000,
      connection: { maxUnsentBytes: 1_048_576, handshakeTimeout: 5000, maxPendingUpgradesPerIp: 16 },
    })
    expect(options).toEqual({
      port: 8091,
      host: '127.0.0.1',
      seed: 7,
      liquidity: { levels: 5, spacingBps: 2.5 },
      commission: { maker: '0.001', taker: '0.001' },
      symbols: [BTCUSDT],
      accounts: [
        { apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '100000', BTC: '2' } },
        {
          apiKey: 'k2',
          publicKey: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----\n',
          permissions: ['USER_DATA'],
        },
        { apiKey: 'k3', publicKey: 'PEM' },
        {
          apiKey: 'k4',
          hmacSecret: 's4',
          accountPermissions: ['SPOT', 'TRD_GRP_004'],
          restrictedSymbols: ['ETHBTC'],
          canTrade: false,
          disabledActions: ['CANCEL', 'AMEND'],
          preventSor: true,
          ipWhitelist: ['10.0.0.1'],
        },
      ],
      wsApiTrading: false,
      orderArchiveAfter: 3_600_000,
      connection: { maxUnsentBytes: 1_048_576, handshakeTimeout: 5000, maxPendingUpgradesPerIp: 16 },
    })
    expect(parse({ liquidity: false })).toEqual({ liquidity: false })
    expect(parse({ legacyListenKey: true })).toEqual({ legacyListenKey: true })
    expect(parse({})).toEqual({})
  })

  it('names the bad field and what it should be', () => {
    expect(problem({ port: 70000 })).toBe('port must be an integer from 0 to 65535, got 70000')
    expect(problem({ prot: 1 })).toMatch(/^unknown field 'prot' \(did you mean 'port'\?\); known: port, host/)
    expect(problem({ legacyListenKy: true })).toMatch(
      /^unknown field 'legacyListenKy' \(did you mean 'legacyListenKey'\?\); known: .*legacyListenKey/,
    )
    expect(problem({ accounts: [{ apiKey: 'k', hmacSecret: 's', balances: { USDT: 100 } }] })).toBe(
      'accounts[0].balances.USDT must be a decimal string like "0.001", got 100',
    )
    expect(problem({ accounts: [{ hmacSecret: 's' }] })).toBe('accounts[0].apiKey is required')
    expect(problem({ accounts: [{ apiKey: 'k' }] })).toBe(
      'accounts[0] needs exactly one of hmacSecret, publicKey, publicKeyFile',
    )
    expect(problem({ accounts: [{ apiKey: 'k', hmacSecret: 's', permissions: ['WITHDRAW'] }] })).toBe(
      'accounts[0].permissions[0] must be one of TRADE, USER_DATA, USER_STREAM, got "WITHDRAW"',
    )
    expect(problem({ symbols: [{ ...BTCUSDT, referencePrice: 60000 }] })).toMatch(
      /^symbols\[0\].referencePrice must be a decimal/,
    )
    expect(problem({ symbols: [{ ...BTCUSDT, filters: BTCUSDT.filters.slice(1) }] })).toBe(
      'symbols[0].filters needs a PRICE_FILTER filter',
    )
    expect(problem({ liquidity: 'yes' })).toMatch(/^liquidity must be an object/)
    expect(problem({ orderArchiveAfter: true })).toBe(
      'orderArchiveAfter must be a whole number of ms or false, got true',
    )
    expect(parse({ orderArchiveAfter: false })).toEqual({ orderArchiveAfter: false })
    expect(problem({ connection: { maxUnsentBytes: 0 } })).toMatch(
      /^connection\.maxUnsentBytes must be an integer from 1/,
    )
    expect(problem([])).toBe('the top level must be an object, got []')
  })

  it('reports unreadable files and bad JSON with the file name', () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{ "port": ')
    expect(() => loadEmulatorConfig(bad)).toThrow(
      new RegExp(`^${bad.replace(/[\\.]/g, '\\$&')}: not valid JSON`),
    )
    expect(() => loadEmulatorConfig(join(dir, 'missing.json'))).toThrow(
      /cannot read .*missing\.json \(ENOENT\)/,
    )
    expect(() => parse({ accounts: [{ apiKey: 'k', publicKeyFile: 'nope.pem' }] })).toThrow(
      /^accounts\[0\]\.publicKeyFile: cannot read .*nope\.pem \(ENOENT\)$/,
    )
  })
})

describe('emulator config file: replay', () => {
  it('takes the replay section (book, impact) for --replay, and refuses a bad impact', () => {
    const book = { BTCUSDT: { levels: 3, qty: '0.5' } }
    expect(parse({ replay: { book, impact: true } }).replay).toEqual({ files: [], book, impact: true })
    expect(problem({ replay: { impact: 'yes' } })).toContain('replay.impact')
    expect(problem({ replay: { book: { BTCUSDT: { depth: 3 } } } })).toContain('replay.book.BTCUSDT.depth')
  })
})
