// addSymbol's checks over HTTP: a symbol the engine cannot hold (price × quantity beyond 8 decimals) is refused
// before anything changes — the venue answers on, lists nothing new, and a data dir restarts after it — and the
// rules of a symbol's fields together (reference price, bounds, filter types and fields, names) are refused by
// their path, as the config file refuses them (src/cli/emulator-config.test.ts).
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS, type SymbolOptions } from '../../../src/emulator/index.js'
import { controlCall } from '../../support/control-call.js'
import { exchangePerTest, T0, type TestExchange } from '../../support/exchange.js'
import { SOLUSDT } from '../../support/symbols.js'
import { TempDirs } from '../../support/temp-dirs.js'

const start = exchangePerTest()
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

const CONFIGURED = DEFAULT_SYMBOLS.map((s) => s.symbol)

/** The audit's symbol: a tick of 8 decimals and a step of 3, 11 decimals for price × quantity. */
const BAD = {
  symbol: 'BADUSDT',
  baseAsset: 'BAD',
  quoteAsset: 'USDT',
  referencePrice: '1.00',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.00000001', maxPrice: '1000', tickSize: '0.00000001' },
    { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
  ],
}

function venue(dataDir?: string): Promise<TestExchange> {
  return start({
    clock: T0,
    control: true,
    liquidity: true,
    accounts: [{ apiKey: 'k1', key: 'hmac', balances: { USDT: '100000' } }],
    ...(dataDir && { dataDir }),
  })
}

async function listed(k: TestExchange): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${k.ex.port}/api/v3/exchangeInfo`)
  return ((await res.json()) as { symbols: { symbol: string }[] }).symbols.map((s) => s.symbol)
}

/** The venue still trades: exchangeInfo lists only the configured symbols and a market buy of BTCUSDT fills. */
async function stillTrades(k: TestExchange): Promise<void> {
  expect(await listed(k)).toEqual(CONFIGURED)
  const c = await k.connect('k1')
  const buy = await c.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' })
  expect(buy.data.status).toBe('FILLED')
}

/** [status, error code, message] of an addSymbol call. */
async function answer(
  k: TestExchange,
  body: unknown,
): Promise<[number, string | undefined, string | undefined]> {
  const a = await controlCall(k, 'addSymbol', body)
  return [a.status, a.body.error?.code, a.body.error?.msg]
}

const withFilters = (price: object, lot: object) => ({
  ...BAD,
  filters: [
    { ...BAD.filters[0], ...price },
    { ...BAD.filters[1], ...lot },
  ],
})

describe('addSymbol of a symbol the engine cannot hold', () => {
  it('is refused naming the filters, and the venue answers on without it', async () => {
    const k = await venue()
    expect(await answer(k, BAD)).toEqual([
      400,
      'INVALID_PARAM',
      'filters: need 11 decimals for price × quantity, at most 8 are supported: PRICE_FILTER tickSize 0.00000001 (8 decimals) and LOT_SIZE stepSize 0.001 (3 decimals)',
    ])
    // A zero tick or step is no rule: the unit falls back to the precision, and the message says so.
    expect(await answer(k, withFilters({ tickSize: '0', minPrice: '0' }, {}))).toEqual([
      400,
      'INVALID_PARAM',
      "filters: need 11 decimals for price × quantity, at most 8 are supported: PRICE_FILTER tickSize 0 (no tick: prices take quotePrecision's 8 decimals) and LOT_SIZE stepSize 0.001 (3 decimals)",
    ])
    expect(await answer(k, withFilters({ tickSize: '0.01', minPrice: '0.01' }, { stepSize: '0' }))).toEqual([
      400,
      'INVALID_PARAM',
      "filters: need 10 decimals for price × quantity, at most 8 are supported: PRICE_FILTER tickSize 0.01 (2 decimals) and LOT_SIZE stepSize 0 (no step: quantities take baseAssetPrecision's 8 decimals)",
    ])
    await stillTrades(k)
    // In-process, the same refusal.
    expect(() => k.ex.addSymbol(BAD as SymbolOptions)).toThrow(/^filters: need 11 decimals/)
    await stillTrades(k)
  })

  it('leaves a data dir that starts again', async () => {
    const dir = dirs.make('bsw-data-')
    const k = await venue(dir)
    expect((await answer(k, BAD))[0]).toBe(400)
    await stillTrades(k)
    await k.close()
    const again = await venue(dir)
    await stillTrades(again)
    await again.close()
  })
})

describe('addSymbol of fields that do not go together', () => {
  it('is refused by the path of the field, listing nothing', async () => {
    const k = await venue()
    const [price, lot] = SOLUSDT.filters as [object, object]
    const sol = (changes: object) => ({ ...SOLUSDT, ...changes })
    const cases: [object, string][] = [
      [sol({ referencePrice: '0' }), 'referencePrice: must be > 0, got 0'],
      [
        sol({ referencePrice: '150.005' }),
        'referencePrice: must be a multiple of PRICE_FILTER tickSize 0.01, got 150.005',
      ],
      [
        sol({ referencePrice: '150.000000001' }),
        'referencePrice: must be a multiple of PRICE_FILTER tickSize 0.01, got 150.000000001',
      ],
      [
        sol({ referencePrice: '200000' }),
        'referencePrice: must be at most PRICE_FILTER maxPrice 100000.00, got 200000',
      ],
      [
        sol({ filters: [{ ...price, minPrice: '1000', maxPrice: '10' }, lot] }),
        'filters[0].minPrice: must be at most maxPrice 10, got 1000',
      ],
      [
        sol({ filters: [price, { ...lot, minQty: '5', maxQty: '1' }] }),
        'filters[1].minQty: must be at most maxQty 1, got 5',
      ],
      [
        sol({
          filters: [
            price,
            lot,
            {
              filterType: 'NOTIONAL',
              minNotional: '100',
              applyMinToMarket: true,
              maxNotional: '10',
              applyMaxToMarket: false,
              avgPriceMins: 5,
            },
          ],
        }),
        'filters[2].minNotional: must be at most maxNotional 10, got 100',
      ],
      [
        sol({ filters: [price, lot, { filterType: 'BOGUS' }] }),
        expect.stringMatching(
          /^filters\[2\]\.filterType: must be one of PRICE_FILTER, PERCENT_PRICE, .*MAX_NUM_ORDER_LISTS, got "BOGUS"$/,
        ),
      ],
      [
        sol({ filters: [price, price, lot] }),
        'filters[1].filterType: repeats PRICE_FILTER of filters[0]: each filter type once',
      ],
      [
        sol({ filters: [{ ...price, extra: '1' }, lot] }),
        expect.stringMatching(/^filters\[0\]\.extra: unknown field/),
      ],
      [
        sol({ filters: [price, lot, { filterType: 'MAX_NUM_ORDERS', maxNumOrders: '200' }] }),
        'filters[2].maxNumOrders: must be an integer from 1 to 9007199254740991, got "200"',
      ],
      [sol({ filters: [price, lot, { filterType: 'ICEBERG_PARTS' }] }), 'filters[2].limit: is required'],
      [
        sol({ filters: [{ ...price, minPrice: '0.000000001' }, lot] }),
        'filters[0].minPrice: must have at most 8 decimals, got "0.000000001"',
      ],
      [
        sol({ symbol: 'XYZUSDT', baseAsset: 'ABC' }),
        'symbol: must be baseAsset + quoteAsset (ABCUSDT), got XYZUSDT',
      ],
      [sol({ symbol: 'USDTUSDT', baseAsset: 'USDT' }), 'quoteAsset: must differ from baseAsset, got USDT'],
    ]
    for (const [body, msg] of cases) expect(await answer(k, body)).toEqual([400, 'INVALID_PARAM', msg])
    expect(await listed(k)).toEqual(CONFIGURED)
  })

  it('lists a symbol with every filter type Binance has (filters.md)', async () => {
    const k = await venue()
    const filters = DEFAULT_SYMBOLS[0]?.filters ?? []
    const more = [
      { filterType: 'PERCENT_PRICE', multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
      {
        filterType: 'TRAILING_DELTA',
        minTrailingAboveDelta: 10,
        maxTrailingAboveDelta: 2000,
        minTrailingBelowDelta: 10,
        maxTrailingBelowDelta: 2000,
      },
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: '1.2',
        bidMultiplierDown: '0.2',
        askMultiplierUp: '5',
        askMultiplierDown: '0.8',
        avgPriceMins: 1,
      },
      { filterType: 'MIN_NOTIONAL', minNotional: '1', applyToMarket: true, avgPriceMins: 5 },
      { filterType: 'MAX_POSITION', maxPosition: '10' },
      { filterType: 'MAX_NUM_ICEBERG_ORDERS', maxNumIcebergOrders: 5 },
    ]
    const added = await controlCall(k, 'addSymbol', {
      ...SOLUSDT,
      filters: [...SOLUSDT.filters, ...filters.slice(2), ...more],
    })
    expect(added.status).toBe(200)
    expect(await listed(k)).toEqual([...CONFIGURED, 'SOLUSDT'])
  })
})
