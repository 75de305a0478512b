// Reading Binance's public spot data files: trades, aggTrades and klines, CSV or zip, and every kind of bad input
// failing whole with the file and the line named.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { identifyFile } from '../../../src/emulator/replay/file-name.js'
import { type ReplayData, readReplayFile } from '../../../src/emulator/replay/read-replay-file.js'
import { aggTradesCsv, generateTrades, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SCALES = { BTCUSDT: { priceScale: 2, qtyScale: 5 } } as Record<
  string,
  { priceScale: number; qtyScale: number }
>
const scalesOf = (symbol: string) => SCALES[symbol]
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000

function write(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

function tradesOf(data: ReplayData) {
  if (!('trades' in data)) throw new Error('not trades')
  const t = data.trades
  return Array.from({ length: t.length }, (_, i) => ({
    id: t.id[i],
    first: t.first[i],
    last: t.last[i],
    price: t.price[i],
    qty: t.qty[i],
    time: t.time[i],
    maker: t.buyerIsMaker[i],
  }))
}

describe('file names', () => {
  it('give the symbol, the kind and the klines interval', () => {
    expect(identifyFile('/x/BTCUSDT-trades-2025-03-01.zip')).toEqual({ symbol: 'BTCUSDT', kind: 'trades' })
    expect(identifyFile('ETHBTC-aggTrades-2024-12.csv')).toEqual({ symbol: 'ETHBTC', kind: 'aggTrades' })
    expect(identifyFile('BNBUSDT-1mo-2021-01.zip')).toEqual({
      symbol: 'BNBUSDT',
      kind: 'klines',
      interval: '1M',
    })
    expect(identifyFile('BNBUSDT-1m-2021-01-02.zip')).toEqual({
      symbol: 'BNBUSDT',
      kind: 'klines',
      interval: '1m',
    })
    expect(identifyFile('BTCUSDT-bookTicker-2025-03-01.zip')).toBeUndefined()
    expect(identifyFile('trades.csv')).toBeUndefined()
  })
})

describe('trades', () => {
  const trades = generateTrades(2000, MARCH_1, 40_000)
  const csv = tradesCsv(trades)

  it('a microsecond CSV, its deflated zip and its stored zip read to the same units', async () => {
    const fromCsv = await readReplayFile({ path: write('BTCUSDT-trades-2025-03-01.csv', csv) }, scalesOf)
    const zipPath = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
    writeZip(zipPath, { 'BTCUSDT-trades-2025-03-01.csv': csv })
    const fromZip = await readReplayFile({ path: zipPath }, scalesOf)
    const storedPath = join(dir, 'stored', 'BTCUSDT-trades-2025-03-01.zip')
    mkdirSync(join(dir, 'stored'))
    writeZip(storedPath, { 'BTCUSDT-trades-2025-03-01.csv': csv }, true)
    const fromStored = await readReplayFile({ path: storedPath }, scalesOf)
    expect(fromCsv.symbol).toBe('BTCUSDT')
    expect(fromCsv.kind).toBe('trades')
    const rows = tradesOf(fromCsv)
    expect(rows).toHaveLength(2000)
    const first = trades[0]!
    expect(rows[0]).toEqual({
      id: first.id,
      first: first.id,
      last: first.id,
      price: Number(first.price.replace('.', '')) / 1e6,
      qty: Number(first.qty.replace('.', '')) / 1e3,
      time: first.time,
      maker: first.buyerIsMaker ? 1 : 0,
    })
    expect(tradesOf(fromZip)).toEqual(rows)
    expect(tradesOf(fromStored)).toEqual(rows)
  })

  it('rows across the 4 MiB reading windows, CRLF endings, lowercase flags and no final newline read alike', async () => {
    const many = generateTrades(70_000, MARCH_1, 1000)
    const canonical = tradesCsv(many)
    expect(canonical.length).toBeGreaterThan(4 << 20)
    const lines = canonical.trimEnd().split('\n')
    const varied = lines
      .map((l, i) => (i % 997 === 0 ? l.replace(/,True$/, ',true') : l) + (i % 3 === 0 ? '\r\n' : '\n'))
      .join('')
      .trimEnd()
    const a = await readReplayFile({ path: write('BTCUSDT-trades-2025-03-03.csv', canonical) }, scalesOf)
    const b = await readReplayFile({ path: write('BTCUSDT-trades-2025-03-04.csv', varied) }, scalesOf)
    const columns = (d: ReplayData) => {
      if (!('trades' in d)) throw new Error('not trades')
      const t = d.trades
      return [t.id, t.price, t.qty, t.time, t.buyerIsMaker].map((c) => c.subarray(0, t.length))
    }
    expect(columns(b)).toEqual(columns(a))
    expect(columns(a)[3]).toEqual(Float64Array.from(many, (t) => t.time))
  })

  it('a bad row past the first reading window is named by its line', async () => {
    const lines = tradesCsv(generateTrades(70_000, MARCH_1, 1000)).split('\n')
    lines[65_432] = lines[65_432]!.replace(/^\d+/, '12x')
    const path = write('BTCUSDT-trades-2025-03-05.csv', lines.join('\n'))
    await expect(readReplayFile({ path }, scalesOf)).rejects.toThrow(
      `${path}:65433: trade Id '12x' is not an integer`,
    )
  })

  it('millisecond files (before 2025) are detected and kept in microseconds', async () => {
    const ms = generateTrades(50, Date.UTC(2024, 11, 31), 40).map((t) => ({ ...t }))
    const data = await readReplayFile(
      { path: write('BTCUSDT-trades-2024-12-31.csv', tradesCsv(ms)) },
      scalesOf,
    )
    expect(tradesOf(data).map((r) => r.time)).toEqual(ms.map((t) => t.time * 1000))
  })

  it('symbol and kind can be given for a file not named as Binance names them', async () => {
    const data = await readReplayFile(
      { path: write('day.csv', csv), symbol: 'BTCUSDT', kind: 'trades' },
      scalesOf,
    )
    expect(tradesOf(data)).toHaveLength(2000)
  })

  it('aggTrades keep their first and last trade ids', async () => {
    const same = [
      { id: 1, price: '60000.00000000', qty: '0.10000000', time: MARCH_1 + 5, buyerIsMaker: true },
      { id: 2, price: '60000.00000000', qty: '0.20000000', time: MARCH_1 + 5, buyerIsMaker: true },
      { id: 3, price: '60000.01000000', qty: '0.30000000', time: MARCH_1 + 9, buyerIsMaker: false },
    ]
    const data = await readReplayFile(
      { path: write('BTCUSDT-aggTrades-2025-03-01.csv', aggTradesCsv(same)) },
      scalesOf,
    )
    expect(tradesOf(data)).toEqual([
      { id: 0, first: 1, last: 2, price: 6_000_000, qty: 30_000, time: MARCH_1 + 5, maker: 1 },
      { id: 1, first: 3, last: 3, price: 6_000_001, qty: 30_000, time: MARCH_1 + 9, maker: 0 },
    ])
  })
})

describe('klines', () => {
  it('read with the interval of the name, quote volumes exact', async () => {
    const row =
      '1740787200000000,84349.94000000,84500.00000000,84300.01000000,84400.10000000,12.34567000,1740787259999999,1041936.12345678,1234,6.00000000,506400.60000000,0\n'
    const data = await readReplayFile({ path: write('BTCUSDT-1m-2025-03-01.csv', row.repeat(1)) }, scalesOf)
    expect(data).toMatchObject({ kind: 'klines', interval: '1m', symbol: 'BTCUSDT' })
    if (data.kind !== 'klines') throw new Error('klines expected')
    expect(data.klines).toEqual([
      {
        openTime: 1740787200000000,
        open: 8434994,
        high: 8450000,
        low: 8430001,
        close: 8440010,
        volume: 1234567,
        closeTime: 1740787259999999,
        quoteVolume: 104193612345678n,
        trades: 1234,
        takerBuyVolume: 600000,
        takerBuyQuoteVolume: 50640060000000n,
      },
    ])
  })
})

describe('bad input fails whole, naming the file and the line', () => {
  const good = tradesCsv(generateTrades(5, MARCH_1, 1000))
    .split('\n')
    .slice(0, 5)
  const bad = async (lines: string[], name = 'BTCUSDT-trades-2025-03-01.csv') => {
    const path = write(name, `${lines.join('\n')}\n`)
    return readReplayFile({ path }, scalesOf).then(
      () => {
        throw new Error('accepted')
      },
      (e: Error) => e.message.replace(`${dir}/`, ''),
    )
  }

  it('a missing or an extra column', async () => {
    const missing = [...good]
    missing[2] = missing[2]!.split(',').slice(0, 6).join(',')
    expect(await bad(missing)).toMatch(
      /^BTCUSDT-trades-2025-03-01\.csv:3: 6 columns, expected 7 \(trade Id, price/,
    )
    const extra = [...good]
    extra[3] = `${extra[3]},1`
    expect(await bad(extra)).toMatch(/^BTCUSDT-trades-2025-03-01\.csv:4: extra columns, expected 7/)
  })

  it('a header row', async () => {
    expect(await bad(['id,price,qty,quote_qty,time,is_buyer_maker,is_best_match', ...good])).toBe(
      "BTCUSDT-trades-2025-03-01.csv:1: a header row where none belongs: 'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match'",
    )
  })

  it('unsorted or mixed-unit timestamps', async () => {
    const unsorted = [good[0]!, good[2]!, good[1]!, good[3]!]
    expect(await bad(unsorted)).toMatch(
      /^BTCUSDT-trades-2025-03-01\.csv:3: timestamps not sorted: \d+ comes after/,
    )
    const mixed = [...good]
    const f = mixed[4]!.split(',')
    f[4] = String(Math.floor(Number(f[4]) / 1000) + 1)
    mixed[4] = f.join(',')
    expect(await bad(mixed)).toMatch(
      /^BTCUSDT-trades-2025-03-01\.csv:5: mixed-unit timestamps: \d+ is in milliseconds, earlier lines in microseconds$/,
    )
  })

  it('a price finer than the symbol tick, a bad flag, an unknown symbol, an unnamed file', async () => {
    const fine = [...good]
    const f = fine[1]!.split(',')
    f[1] = '60000.00500000'
    fine[1] = f.join(',')
    expect(await bad(fine)).toBe(
      "BTCUSDT-trades-2025-03-01.csv:2: price '60000.00500000' is not a decimal in units of 1e-2 of BTCUSDT",
    )
    const flag = [...good]
    flag[0] = flag[0]!.replace(/,(True|False),True$/, ',yes,True')
    expect(await bad(flag)).toBe("BTCUSDT-trades-2025-03-01.csv:1: isBuyerMaker 'yes' is not True or False")
    expect(await bad(good, 'DOGEUSDT-trades-2025-03-01.csv')).toBe(
      'DOGEUSDT-trades-2025-03-01.csv: unknown symbol DOGEUSDT (not listed by the emulator)',
    )
    expect(await bad(good, 'day.csv')).toMatch(/^day\.csv: symbol and kind are not in the file name/)
  })

  it('aggTrades and klines files too: an unsorted aggregate trade, a kline with a column missing', async () => {
    const agg = aggTradesCsv(generateTrades(6, MARCH_1, 1000))
      .trimEnd()
      .split('\n')
    expect(await bad([agg[0]!, agg[1]!, agg[3]!, agg[2]!], 'BTCUSDT-aggTrades-2025-03-01.csv')).toMatch(
      /^BTCUSDT-aggTrades-2025-03-01\.csv:4: timestamps not sorted/,
    )
    const kline =
      '1740787200000000,84349.94000000,84500.00000000,84300.01000000,84400.10000000,12.34567000,1740787259999999,1041936.12345678,1234,6.00000000,506400.60000000,0'
    expect(await bad([kline, kline.replace(/,0$/, '')], 'BTCUSDT-1m-2025-03-01.csv')).toMatch(
      /^BTCUSDT-1m-2025-03-01\.csv:2: 11 columns, expected 12 \(open time, open/,
    )
  })

  it('a truncated or corrupted zip', async () => {
    const path = join(dir, 'BTCUSDT-trades-2025-03-02.zip')
    writeZip(path, { 'BTCUSDT-trades-2025-03-02.csv': tradesCsv(generateTrades(3000, MARCH_1, 1000)) })
    const whole = readFileSync(path)
    writeFileSync(path, whole.subarray(0, whole.length - 100))
    await expect(readReplayFile({ path }, scalesOf)).rejects.toThrow(
      `${path}: truncated zip (no end of central directory record)`,
    )
    const corrupt = Buffer.from(whole)
    corrupt[200] = corrupt[200]! ^ 0xff
    writeFileSync(path, corrupt)
    await expect(readReplayFile({ path }, scalesOf)).rejects.toThrow(
      new RegExp(`^${path}: truncated or corrupt zip entry BTCUSDT-trades-2025-03-02\\.csv`),
    )
  })
})
