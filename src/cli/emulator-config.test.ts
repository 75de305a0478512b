import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS, startEmulator } from '../emulator/index.js'
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
/** An Ed25519 public key (docs/emulator-control.md's example) and a private key, as PEM. */
const PUBLIC_PEM =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAcdBci3zA/duutOzyfCgtE6qK2ufCap/Acepe+szGQlc=\n-----END PUBLIC KEY-----\n'
const PRIVATE_PEM =
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIEJQCaJfShPlfPWGjE66P4AW7reN0KRGu21O+K7A+op2\n-----END PRIVATE KEY-----\n'
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
    writeFileSync(join(dir, 'ed.pem'), PUBLIC_PEM)
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
        { apiKey: 'k3', publicKey: PUBLIC_PEM },
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
          publicKey: PUBLIC_PEM,
          permissions: ['USER_DATA'],
        },
        { apiKey: 'k3', publicKey: PUBLIC_PEM },
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
    // The control API's checks of an account (account-input.ts), by the entry's path.
    const account = (fields: object) => problem({ accounts: [{ apiKey: 'k', hmacSecret: 's', ...fields }] })
    expect(account({ commission: { taker: '1.5' } })).toMatch(
      /^accounts\[0\]\.commission\.taker: must be a rate from 0 to 1/,
    )
    expect(problem({ commission: { maker: '2' } })).toMatch(/^commission\.maker: must be a rate from 0 to 1/)
    expect(account({ balances: { usdt: '1' } })).toMatch(
      /^accounts\[0\]\.balances\.usdt: must be an asset name/,
    )
    expect(account({ ipWhitelist: ['10.0.0.0/8'] })).toBe(
      'accounts[0].ipWhitelist[0]: CIDR ranges are not supported: list each address',
    )
    expect(account({ tradeGroupId: -1 })).toMatch(/^accounts\[0\]\.tradeGroupId: must be a whole number ≥ 1/)
    writeFileSync(join(dir, 'private.pem'), PRIVATE_PEM)
    const privateFile = problem({ accounts: [{ apiKey: 'k', publicKeyFile: 'private.pem' }] })
    expect(privateFile).toMatch(/^accounts\[0\]\.publicKeyFile: is a PRIVATE key/)
    expect(privateFile).not.toContain('MC4CAQ')
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

  it('takes every startEmulator option a JSON file can hold, and the emulator starts with them', async () => {
    const file = {
      diffDepthInterval: { standard: 500, fast: 0 },
      limits: {
        banAfter: false,
        banDurations: [60_000],
        requestWeight: 1200,
        rawRequests: 61_000,
        firstFillDecrement: { taker: 0 },
      },
      exchangeFilters: [{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 1000 }],
      sors: [{ baseAsset: 'BTC', symbols: ['BTCUSDT'] }],
      bnbDiscount: { discount: '0.25', formula: 'MULTIPLY', rates: { USDT: '0.0038' } },
      symbols: [
        {
          ...BTCUSDT,
          icebergAllowed: false,
          amendAllowed: false,
          bnbDiscountEnabled: false,
          priceRange: { bidLimitMultUp: '1.05', askLimitMultDown: '0.95' },
          referencePriceCalculation: {
            calculationType: 'ARITHMETIC_MEAN',
            bucketCount: 10,
            bucketWidthMs: 1000,
          },
        },
      ],
      accounts: [
        {
          apiKey: 'k1',
          hmacSecret: 's1',
          tradeGroupId: 3,
          commissions: { tax: { taker: '0.0002' }, bySymbol: { BTCUSDT: { special: { maker: '0.0001' } } } },
          assetFilters: [{ filterType: 'MAX_ASSET', asset: 'BTC', limit: '10.00000000' }],
        },
      ],
    }
    const options = parse(file)
    expect(options).toEqual(file)
    const ex = await startEmulator({ ...options, port: 0 })
    try {
      const info = ex.query('exchangeInfo', { symbol: 'BTCUSDT' })
      expect(info.exchangeFilters).toEqual(file.exchangeFilters)
      expect(info.symbols[0]?.icebergAllowed).toBe(false)
      expect(ex.query('account.commission', { symbol: 'BTCUSDT' }, 'k1').specialCommission.maker).toBe(
        '0.00010000',
      )
    } finally {
      await ex.close()
    }
  })

  it('refuses an unknown key of the new options by its path, and a wrong value by what it should be', () => {
    expect(problem({ diffDepthInterval: { fst: 0 } })).toMatch(
      /^unknown field 'diffDepthInterval\.fst' \(did you mean 'fast'\?\); known: standard, fast$/,
    )
    expect(problem({ diffDepthInterval: { fast: 2.5 } })).toMatch(
      /^diffDepthInterval\.fast must be an integer/,
    )
    expect(problem({ limits: { banAfter: true } })).toBe(
      'limits.banAfter must be a whole number or false, got true',
    )
    expect(problem({ limits: { maxOrders: 1 } })).toMatch(/^unknown field 'limits\.maxOrders'/)
    expect(
      problem({
        accounts: [
          {
            apiKey: 'k',
            hmacSecret: 's',
            commissions: { bySymbol: { BTCUSDT: { tax: { maker_: '0.1' } } } },
          },
        ],
      }),
    ).toMatch(/^unknown field 'accounts\[0\]\.commissions\.bySymbol\.BTCUSDT\.tax\.maker_'/)
    expect(
      problem({
        accounts: [
          { apiKey: 'k', hmacSecret: 's', assetFilters: [{ filterType: 'MAX_ASSET', asset: 'BTC' }] },
        ],
      }),
    ).toBe('accounts[0].assetFilters[0].limit is required')
    expect(
      problem({ exchangeFilters: [{ filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumAlgoOrders: 5 }] }),
    ).toMatch(/^unknown field 'exchangeFilters\[0\]\.maxNumAlgoOrders'/)
    expect(
      problem({ symbols: [{ ...BTCUSDT, referencePriceCalculation: { calculationType: 'MEDIAN' } }] }),
    ).toMatch(
      /^symbols\[0\]\.referencePriceCalculation\.calculationType must be one of ARITHMETIC_MEAN, EXTERNAL/,
    )
    expect(problem({ now: 5 })).toMatch(/^unknown field 'now'/)
  })

  it("refuses a symbol the engine cannot hold, or whose fields do not go together, with addSymbol's messages", () => {
    const [price, lot, notional] = BTCUSDT.filters
    const symbol = (changes: object) => problem({ symbols: [DEFAULT_SYMBOLS[0], { ...BTCUSDT, ...changes }] })
    expect(symbol({ filters: [{ ...price, minPrice: '0.00000001', tickSize: '0.00000001' }, lot] })).toBe(
      'symbols[1].filters need 13 decimals for price × quantity, at most 8 are supported: PRICE_FILTER tickSize 0.00000001 (8 decimals) and LOT_SIZE stepSize 0.00001 (5 decimals)',
    )
    expect(symbol({ filters: [{ ...price, minPrice: '0', tickSize: '0' }, lot] })).toBe(
      "symbols[1].filters need 13 decimals for price × quantity, at most 8 are supported: PRICE_FILTER tickSize 0 (no tick: prices take quotePrecision's 8 decimals) and LOT_SIZE stepSize 0.00001 (5 decimals)",
    )
    expect(symbol({ referencePrice: '60000.001' })).toBe(
      'symbols[1].referencePrice must be a multiple of PRICE_FILTER tickSize 0.01, got 60000.001',
    )
    expect(symbol({ filters: [{ ...price, minPrice: '2000000' }, lot] })).toBe(
      'symbols[1].filters[0].minPrice must be at most maxPrice 1000000, got 2000000',
    )
    expect(symbol({ filters: [price, lot, notional, notional] })).toBe(
      'symbols[1].filters[3].filterType repeats NOTIONAL of symbols[1].filters[2]: each filter type once',
    )
    expect(symbol({ filters: [price, lot, { ...notional, avgPriceMin: 5 }] })).toMatch(
      /^unknown field 'symbols\[1\]\.filters\[2\]\.avgPriceMin' \(did you mean 'avgPriceMins'\?\)/,
    )
    expect(symbol({ filters: [price, lot, { filterType: 'MAX_NUM_ORDER' }] })).toMatch(
      /^symbols\[1\]\.filters\[2\]\.filterType must be one of PRICE_FILTER, /,
    )
    expect(symbol({ symbol: 'BTCUSD' })).toBe(
      'symbols[1].symbol must be baseAsset + quoteAsset (BTCUSDT), got BTCUSD',
    )
    expect(symbol({ baseAsset: 'USDT', symbol: 'USDTUSDT' })).toBe(
      'symbols[1].quoteAsset must differ from baseAsset, got USDT',
    )
  })

  it('refuses what startEmulator refuses, named by its path: a symbol or apiKey twice, units finer than the engine', () => {
    const [price, lot] = BTCUSDT.filters
    const account = { apiKey: 'k1', hmacSecret: 's1' }
    expect(problem({ symbols: [BTCUSDT, { ...BTCUSDT, referencePrice: '100' }] })).toBe(
      'symbols[1].symbol BTCUSDT is already listed (symbols[0])',
    )
    expect(problem({ accounts: [account, { ...account, hmacSecret: 's2' }] })).toBe(
      'accounts[1].apiKey: k1 is taken by accounts[0]',
    )
    expect(problem({ symbols: [{ ...BTCUSDT, filters: [price, { ...lot, minQty: '0.000015' }] }] })).toMatch(
      /^symbols\[0\]\.filters\[1\]\.minQty must be a multiple of 0\.00001, the quantity unit/,
    )
    const percent = { filterType: 'PERCENT_PRICE', multiplierUp: '0.5', multiplierDown: '2', avgPriceMins: 5 }
    expect(problem({ symbols: [{ ...BTCUSDT, filters: [price, lot, percent] }] })).toBe(
      'symbols[0].filters[2].multiplierUp must be at least multiplierDown 2, got 0.5',
    )
    const orders = { filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 10 }
    expect(problem({ exchangeFilters: [orders, orders] })).toBe(
      'exchangeFilters[1].filterType repeats EXCHANGE_MAX_NUM_ORDERS of exchangeFilters[0]: each filter type once',
    )
    expect(problem({ controlReadToken: 'r' })).toBe(
      'controlReadToken: needs controlToken (without it, anyone may change)',
    )
    expect(problem({ controlAllow: ['10.0.0.2', 'not an address!'] })).toMatch(
      /^controlAllow\[1\]: must be a peer's IP address, a host name or '\*'/,
    )
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
