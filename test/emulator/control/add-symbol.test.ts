// The control API's addSymbol: a pair listed while the venue runs shows in exchangeInfo (WebSocket API and REST),
// is quoted by the synthetic liquidity, trades, has market data streams and reaches the dashboard's event stream;
// bad input names its field and changes nothing; with a data dir it survives a restart (from the journal alone and
// from a snapshot); a reset removes it, as it removes added accounts.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { DEFAULT_SYMBOLS } from '../../../src/emulator/index.js'
import { controlCall } from '../../support/control-call.js'
import { openControlEvents } from '../../support/control-events.js'
import { exchangePerTest, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { RawStreams } from '../../support/raw-streams.js'
import { SOLUSDT } from '../../support/symbols.js'
import { TempDirs } from '../../support/temp-dirs.js'

const start = exchangePerTest()
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

/** The configured symbols (the defaults). */
const CONFIGURED = DEFAULT_SYMBOLS.map((s) => s.symbol)

function venue(dataDir?: string): Promise<TestExchange> {
  return start({
    clock: T0,
    control: true,
    liquidity: { levels: 5, spacingBps: 10 },
    accounts: [{ apiKey: 'k1', key: 'hmac', balances: { USDT: '100000', SOL: '10' } }],
    ...(dataDir && { dataDir }),
  })
}

async function listed(k: TestExchange): Promise<string[]> {
  const res = await fetch(`http://127.0.0.1:${k.ex.port}/api/v3/exchangeInfo`)
  return ((await res.json()) as { symbols: { symbol: string }[] }).symbols.map((s) => s.symbol)
}

/** What a client sees of SOLUSDT and of its account's part in it. */
async function seen(c: WebsocketAPIConnection): Promise<unknown[]> {
  const symbol = 'SOLUSDT'
  const {
    openTime: _,
    closeTime: __,
    ...ticker
  } = (await c.sendMessage<Record<string, unknown>>('ticker.24hr', { symbol })).data
  return [
    (await c.exchangeInfo({ symbol })).data.symbols,
    (await c.depth({ symbol, limit: 20 })).data,
    (await c.sendSignedMessage('allOrders', { symbol })).data,
    (await c.sendSignedMessage('myTrades', { symbol })).data,
    (await c.accountStatus({ omitZeroBalances: true })).data.balances,
    ticker,
  ]
}

describe('addSymbol', () => {
  it('lists a pair a client trades at once, quoted by the liquidity, with its streams and the dashboard told', async () => {
    const k = await venue()
    const events = await openControlEvents(`http://127.0.0.1:${k.ex.port}/control/events`)
    let entry: unknown
    try {
      type State = { symbols: { symbol: string }[] }
      await events.next('state', (s: State) => s.symbols.length === CONFIGURED.length)
      const added = await controlCall(k, 'addSymbol', SOLUSDT)
      expect(added.status).toBe(200)
      entry = added.body.result
      expect(entry).toMatchObject({
        symbol: 'SOLUSDT',
        status: 'TRADING',
        baseAsset: 'SOL',
        quoteAsset: 'USDT',
        // As Binance shows them, and the configured symbols: prices and quantities with 8 decimals.
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: '0.01000000',
            maxPrice: '100000.00000000',
            tickSize: '0.01000000',
          },
          { filterType: 'LOT_SIZE', minQty: '0.00100000', maxQty: '90000.00000000', stepSize: '0.00100000' },
        ],
      })
      const state = await events.next('state', (s: State) => s.symbols.some((x) => x.symbol === 'SOLUSDT'))
      expect(state.symbols).toContainEqual({
        symbol: 'SOLUSDT',
        status: 'TRADING',
        baseAsset: 'SOL',
        quoteAsset: 'USDT',
        priceDecimals: 2,
      })
    } finally {
      events.close()
    }
    expect(await listed(k)).toEqual([...CONFIGURED, 'SOLUSDT'])
    const c = await k.connect('k1')
    expect((await c.exchangeInfo({ symbol: 'SOLUSDT' })).data.symbols).toEqual([entry])
    const book = (await c.depth({ symbol: 'SOLUSDT', limit: 5 })).data
    expect(book.bids[0]?.[0]).toBe('149.85000000')
    expect(book.asks[0]?.[0]).toBe('150.15000000')

    const streams = await RawStreams.open(
      `${k.ex.streams.url}/stream?streams=solusdt@trade/solusdt@bookTicker`,
    )
    try {
      const placed = await c.orderPlace({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '2' })
      expect(placed.data).toMatchObject({ status: 'FILLED', executedQty: '2.00000000' })
      expect(placed.data.fills?.[0]).toMatchObject({ price: '150.15000000', tradeId: 1 })
      expect(await streams.event('trade')).toMatchObject({
        stream: 'solusdt@trade',
        data: { s: 'SOLUSDT', t: 1, p: '150.15000000' },
      })
      await c.orderPlace(limit('SOLUSDT', 'BUY', '149.95', '1'))
      expect(await streams.next((f) => JSON.stringify(f).includes('"b":"149.95000000"'))).toMatchObject({
        stream: 'solusdt@bookTicker',
      })
    } finally {
      await streams.close()
    }
  })

  it('lists a pair announced in BREAK: closed, unquoted, until trading opens and the reference price is set', async () => {
    const k = await venue()
    const entry = k.ex.addSymbol({ ...SOLUSDT, status: 'BREAK' })
    expect(entry.status).toBe('BREAK')
    const c = await k.connect('k1')
    expect((await c.depth({ symbol: 'SOLUSDT', limit: 1 })).data).toMatchObject({ bids: [], asks: [] })
    const buy = { symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '1' } as const
    await expect(c.orderPlace(buy)).rejects.toMatchObject({ code: -2010, message: /Market is closed/ })
    k.ex.setSymbolStatus('SOLUSDT', 'TRADING')
    // What addSymbol answered is a copy: the exchange's own entry moved, it did not.
    expect(entry.status).toBe('BREAK')
    k.ex.setReferencePrice('SOLUSDT', '150.00')
    expect((await c.orderPlace(buy)).data).toMatchObject({
      status: 'FILLED',
      fills: [{ price: '150.15000000' }],
    })
  })

  it('refuses bad input naming the field, and a symbol already listed, changing nothing', async () => {
    const k = await venue()
    const [price, lot] = SOLUSDT.filters
    const refused = [
      await controlCall(k, 'addSymbol', { ...SOLUSDT, filters: [price] }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, symbol: 'sol/usdt' }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, tickSize: '0.01' }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, referencePrice: 150 }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, filters: [{ ...price, tickSize: '1e-2' }, lot] }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, orderTypes: ['LIMIT', 'TRAILING'] }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, permissionSets: ['SPOT'] }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, status: 'OPEN' }),
      await controlCall(k, 'addSymbol', { ...SOLUSDT, symbol: 'BTCUSDT', baseAsset: 'BTC' }),
    ]
    expect(refused.map((a) => [a.status, a.body.error?.code, a.body.error?.msg.split(':')[0]])).toEqual([
      [400, 'INVALID_PARAM', 'filters'],
      [400, 'INVALID_PARAM', 'symbol'],
      [400, 'INVALID_PARAM', 'tickSize'],
      [400, 'INVALID_PARAM', 'referencePrice'],
      [400, 'INVALID_PARAM', 'filters[0].tickSize'],
      [400, 'INVALID_PARAM', 'orderTypes[1]'],
      [400, 'INVALID_PARAM', 'permissionSets[0]'],
      [400, 'INVALID_PARAM', 'status'],
      [400, 'REJECTED', 'symbol'],
    ])
    expect(refused[0]?.body.error?.msg).toBe('filters: needs a LOT_SIZE filter')
    expect(refused[8]?.body.error?.msg).toBe('symbol: BTCUSDT is already listed')
    expect(await listed(k)).toEqual(CONFIGURED)
    // In-process, the same checks: the error names the field.
    expect(() => k.ex.addSymbol({ ...SOLUSDT, baseAsset: '' })).toThrow(
      /^baseAsset: must be a non-empty string/,
    )
  })

  it('keeps the symbol, its book and its trades across a restart: from the journal alone, and from a snapshot', async () => {
    const dir = dirs.make('bsw-data-')
    const k = await venue(dir)
    // A price range rule puts functions in the state (its reference price source): the snapshot's reader must list
    // the symbol again before it reads the state.
    k.ex.addSymbol({
      ...SOLUSDT,
      liquidityQty: '3',
      referencePriceCalculation: { calculationType: 'EXTERNAL', externalCalculationId: 1, price: '150' },
      priceRange: {
        bidLimitMultUp: '1.002',
        bidLimitMultDown: '0.5',
        askLimitMultUp: '1.5',
        askLimitMultDown: '0.5',
      },
    })
    const c = await k.connect('k1')
    await c.orderPlace(limit('SOLUSDT', 'BUY', '120', '4'))
    await c.orderPlace({ symbol: 'SOLUSDT', side: 'SELL', type: 'MARKET', quantity: '5' })
    k.now += 60_000
    await c.orderPlace({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '1.5' })
    const before = await seen(c)
    const copy = dirs.copy(dir)
    await k.close()

    for (const from of [copy, dir]) {
      const again = await venue(from)
      expect(await listed(again)).toEqual([...CONFIGURED, 'SOLUSDT'])
      const c2 = await again.connect('k1')
      expect(await seen(c2)).toEqual(before)
      // The market goes on from its trade ids.
      const last = (before[3] as { id: number }[]).at(-1)?.id ?? Number.POSITIVE_INFINITY
      const more = await c2.orderPlace({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' })
      expect(more.data.fills?.[0]?.tradeId).toBeGreaterThan(last)
      // The rule still holds: a buy does not execute above 1.002 × the reference price (150), and expires.
      const walked = await c2.orderPlace({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '10' })
      expect(walked.data.status).toBe('EXPIRED')
      expect(Math.max(...(walked.data.fills ?? []).map((f) => Number(f.price)))).toBeLessThanOrEqual(150.3)
      await again.close()
    }
  })

  it('is removed by a reset, with its stream subscribers closed, and can be listed again', async () => {
    const k = await venue()
    k.ex.addSymbol(SOLUSDT)
    const c = await k.connect('k1')
    await c.orderPlace(limit('SOLUSDT', 'BUY', '140', '1'))
    const streams = await RawStreams.open(`${k.ex.streams.url}/stream?streams=solusdt@depth@100ms`)
    const closed = once(streams.ws, 'close')
    await k.ex.reset()
    expect((await closed)[0]).toBe(1012)
    expect(await listed(k)).toEqual(CONFIGURED)
    const fresh = await k.connect('k1')
    await expect(fresh.orderPlace(limit('SOLUSDT', 'BUY', '140', '1'))).rejects.toMatchObject({ code: -1121 })

    k.ex.addSymbol({ ...SOLUSDT, referencePrice: '90.00' })
    const again = await RawStreams.open(`${k.ex.streams.url}/stream?streams=solusdt@depth@100ms`)
    try {
      await fresh.orderPlace(limit('SOLUSDT', 'BUY', '80', '1'))
      k.now += 100
      const diff = (await again.next((f) => JSON.stringify(f).includes('"80.00000000"'))) as {
        data: { e: string; b: string[][] }
      }
      expect(diff.data.e).toBe('depthUpdate')
      expect((await fresh.openOrdersStatus({ symbol: 'SOLUSDT' })).data).toHaveLength(1)
    } finally {
      await again.close()
    }
  })
})
