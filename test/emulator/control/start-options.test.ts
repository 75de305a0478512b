// startEmulator's accounts and symbols are checked as the config file's and addAccount's / addSymbol's are: a wrong
// one is a TypeError naming its path, before anything listens (docs/emulator-control.md "Symbol checks").
import { describe, expect, it } from 'vitest'
import {
  type AccountOptions,
  DEFAULT_SYMBOLS,
  type EmulatorOptions,
  type SymbolOptions,
  startEmulator,
} from '../../../src/emulator/index.js'

const BTCUSDT = DEFAULT_SYMBOLS.find((s) => s.symbol === 'BTCUSDT') as SymbolOptions
const account = { apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '1000' } }

/** BTCUSDT with `filter` last, in place of its filter of the same type. */
function withFilter(filter: Record<string, unknown>): SymbolOptions {
  const others = BTCUSDT.filters.filter((f) => f.filterType !== filter['filterType'])
  return { ...BTCUSDT, filters: [...others, filter] as SymbolOptions['filters'] }
}

async function refusal(options: EmulatorOptions): Promise<string> {
  const started = startEmulator({ port: 0, ...options })
  await expect(started).rejects.toBeInstanceOf(TypeError)
  return ((await started.catch((err: unknown) => err)) as Error).message
}

const CASES: [string, EmulatorOptions, string][] = [
  [
    'a commission above 1',
    { accounts: [{ ...account, commission: { maker: '2' } }] },
    'accounts[0].commission.maker: must be a rate from 0 to 1',
  ],
  [
    'a lower-case asset',
    { accounts: [{ ...account, balances: { usdt: '5' } }] },
    'accounts[0].balances.usdt: must be an asset name',
  ],
  [
    'a CIDR range',
    { accounts: [{ ...account, ipWhitelist: ['10.0.0.0/8'] }] },
    'accounts[0].ipWhitelist[0]: CIDR ranges are not supported',
  ],
  [
    'a balance given as a number',
    { accounts: [{ ...account, balances: { USDT: 0.1 as unknown as string } }] },
    'accounts[0].balances.USDT: must be a decimal string with at most 8 places (not a JSON number)',
  ],
  [
    'an account without a secret',
    { accounts: [{ apiKey: 'k1' } as unknown as AccountOptions] },
    'accounts[0].hmacSecret: one of hmacSecret and publicKey',
  ],
  [
    'an apiKey twice',
    { accounts: [account, { ...account, hmacSecret: 's2' }] },
    'accounts[1].apiKey: k1 is taken by accounts[0]',
  ],
  [
    'a referencePrice off the tick',
    { symbols: [{ ...BTCUSDT, referencePrice: '60000.005' }] },
    'symbols[0].referencePrice: must be a multiple of PRICE_FILTER tickSize',
  ],
  [
    'a referencePrice given as a number',
    { symbols: [{ ...BTCUSDT, referencePrice: 60000 as unknown as string }] },
    'symbols[0].referencePrice: must be a decimal string',
  ],
  [
    'a misspelt filter field',
    {
      symbols: [
        withFilter({
          filterType: 'PRICE_FILTER',
          minPrice: '0.01',
          maxPrice: '1000000',
          tickSize: '0.01',
          tickSzie: '1',
        }),
      ],
    },
    'tickSzie',
  ],
  [
    'minPrice above maxPrice',
    {
      symbols: [
        withFilter({ filterType: 'PRICE_FILTER', minPrice: '100', maxPrice: '10', tickSize: '0.01' }),
      ],
    },
    `symbols[0].filters[${BTCUSDT.filters.length - 1}].minPrice: must be at most maxPrice 10, got 100`,
  ],
  [
    'a lower-case symbol name',
    { symbols: [{ ...BTCUSDT, symbol: 'btcusdt' }] },
    'symbols[0].symbol: must be 1 to 20 of A-Z',
  ],
  [
    'a symbol listed twice',
    { symbols: [BTCUSDT, { ...BTCUSDT, referencePrice: '100' }] },
    'symbols[1].symbol: BTCUSDT is already listed (symbols[0])',
  ],
  [
    'a LOT_SIZE minQty finer than the quantity unit',
    {
      symbols: [
        withFilter({ filterType: 'LOT_SIZE', minQty: '0.000015', maxQty: '9000', stepSize: '0.00001' }),
      ],
    },
    'minQty: must be a multiple of 0.00001, the quantity unit',
  ],
  [
    'a MARKET_LOT_SIZE maxQty finer than the quantity unit',
    {
      symbols: [
        withFilter({ filterType: 'MARKET_LOT_SIZE', minQty: '0', maxQty: '100.000005', stepSize: '0' }),
      ],
    },
    'maxQty: must be a multiple of 0.00001, the quantity unit',
  ],
  [
    'a PERCENT_PRICE no price can pass',
    {
      symbols: [
        withFilter({
          filterType: 'PERCENT_PRICE',
          multiplierUp: '0.5',
          multiplierDown: '2',
          avgPriceMins: 5,
        }),
      ],
    },
    'multiplierUp: must be at least multiplierDown 2, got 0.5',
  ],
  [
    'a PERCENT_PRICE_BY_SIDE no ask can pass',
    {
      symbols: [
        withFilter({
          filterType: 'PERCENT_PRICE_BY_SIDE',
          bidMultiplierUp: '5',
          bidMultiplierDown: '0.2',
          askMultiplierUp: '1',
          askMultiplierDown: '1.5',
          avgPriceMins: 5,
        }),
      ],
    },
    'askMultiplierUp: must be at least askMultiplierDown 1.5, got 1',
  ],
  [
    'an exchange filter type twice',
    {
      exchangeFilters: [
        { filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 10 },
        { filterType: 'EXCHANGE_MAX_NUM_ORDERS', maxNumOrders: 20 },
      ],
    },
    'exchangeFilters[1].filterType: repeats EXCHANGE_MAX_NUM_ORDERS of exchangeFilters[0]',
  ],
  [
    'a controlAllow entry that is no address nor host name',
    { control: true, controlAllow: ['not an address!'] },
    "controlAllow[0]: must be a peer's IP address, a host name or '*'",
  ],
  [
    'a read token without an admin token',
    { control: true, controlReadToken: 'r' },
    'controlReadToken: needs controlToken',
  ],
]

describe('startEmulator: accounts and symbols checked as the config file and the control API check them', () => {
  it.each(CASES)('refuses %s, naming its path', async (_, options, message) => {
    expect(await refusal(options)).toContain(message)
  })

  it('takes what the other doors take: a commission of 1, a listed symbol, a host name to allow', async () => {
    const ex = await startEmulator({
      port: 0,
      accounts: [{ ...account, commission: { maker: '1' }, ipWhitelist: ['127.0.0.1'] }],
      symbols: [BTCUSDT],
      controlAllow: ['paper-venue.internal', '10.1.2.3', '*'],
      liquidity: false,
    })
    await ex.close()
  })
})
