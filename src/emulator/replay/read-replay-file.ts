// Reads one of Binance's public spot data files (trades, aggTrades or klines; CSV or the published zip) into
// the symbol's integer units, checking every line: a bad file fails whole, naming the file and the line.
import { createReadStream } from 'node:fs'
import type { KlineInterval } from '../../protocol/enums.js'
import {
  forEachLine,
  isDecimal,
  readBigUnits,
  readBoolean,
  readInteger,
  readUnits,
  splitFields,
} from './csv-fields.js'
import { identifyFile, type ReplayKind } from './file-name.js'
import { ReplayInputError } from './replay-input-error.js'
import { TradeColumns } from './trade-columns.js'
import { zipCsvEntries } from './zip-entries.js'

/** A file to replay; `symbol`, `kind` and `interval` default to what Binance's file name says. */
export interface ReplaySource {
  readonly path: string
  readonly symbol?: string | undefined
  readonly kind?: ReplayKind | undefined
  readonly interval?: KlineInterval | undefined
}

/** How a symbol's prices and quantities become units: 10^-priceScale and 10^-qtyScale. */
export interface MarketScales {
  readonly priceScale: number
  readonly qtyScale: number
}

/** One kline row, times in microseconds, prices and volumes in the symbol's units, quote volumes in money units. */
interface KlineRow {
  readonly openTime: number
  readonly closeTime: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
  readonly quoteVolume: bigint
  readonly trades: number
  readonly takerBuyVolume: number
  readonly takerBuyQuoteVolume: bigint
}

export type ReplayData =
  | {
      readonly kind: 'trades' | 'aggTrades'
      readonly file: string
      readonly symbol: string
      readonly trades: TradeColumns
    }
  | {
      readonly kind: 'klines'
      readonly file: string
      readonly symbol: string
      readonly interval: KlineInterval
      readonly klines: readonly KlineRow[]
    }

const COLUMNS: Record<ReplayKind, readonly string[]> = {
  trades: ['trade Id', 'price', 'qty', 'quoteQty', 'time', 'isBuyerMaker', 'isBestMatch'],
  aggTrades: [
    'aggregate tradeId',
    'price',
    'quantity',
    'first tradeId',
    'last tradeId',
    'timestamp',
    'isBuyerMaker',
    'isBestMatch',
  ],
  klines: [
    'open time',
    'open',
    'high',
    'low',
    'close',
    'volume',
    'close time',
    'quote volume',
    'trades',
    'taker buy volume',
    'taker buy quote volume',
    'ignore',
  ],
}

/** Quote volumes are money: 8 decimals, as every amount the emulator keeps. */
const MONEY_SCALE = 8
/** Timestamps from this size on are microseconds (2025 on); below, milliseconds. */
const MICROS_FROM = 1e14

/** Reads and checks `source` whole; `scalesOf` says how each listed symbol counts (undefined: not listed). */
export async function readReplayFile(
  source: ReplaySource,
  scalesOf: (symbol: string) => MarketScales | undefined,
): Promise<ReplayData> {
  const file = source.path
  const named = identifyFile(file)
  const symbol = source.symbol ?? named?.symbol
  const kind = source.kind ?? named?.kind
  if (!symbol || !kind)
    throw new ReplayInputError(
      file,
      0,
      'symbol and kind are not in the file name (SYMBOL-trades-YYYY-MM-DD.zip): give them',
    )
  const scales = scalesOf(symbol)
  if (!scales) throw new ReplayInputError(file, 0, `unknown symbol ${symbol} (not listed by the emulator)`)
  const interval = source.interval ?? named?.interval
  if (kind === 'klines' && interval === undefined)
    throw new ReplayInputError(file, 0, 'the klines interval is not in the file name: give it')
  const columns = COLUMNS[kind]
  const cuts = new Int32Array(columns.length + 2)
  const trades = new TradeColumns()
  const klines: KlineRow[] = []
  let micros: boolean | undefined
  let lastTime = -1
  let buf: Buffer = Buffer.alloc(0)
  let start = 0
  let end = 0
  let n = 0
  const fail = (why: string): never => {
    throw new ReplayInputError(file, n, why)
  }
  const headerRow = (): never =>
    fail(`a header row where none belongs: '${buf.toString('latin1', start, Math.min(end, start + 80))}'`)
  const field = (i: number) => buf.toString('latin1', cuts[i]! + 1, cuts[i + 1]!)
  const integer = (i: number) => {
    const v = readInteger(buf, cuts[i]! + 1, cuts[i + 1]!)
    if (v >= 0) return v
    if (n === 1 && i === 0) headerRow()
    return fail(`${columns[i]} '${field(i)}' is not an integer`)
  }
  const units = (i: number, scale: number) => {
    const v = readUnits(buf, cuts[i]! + 1, cuts[i + 1]!, scale)
    return v >= 0
      ? v
      : fail(`${columns[i]} '${field(i)}' is not a decimal in units of 1e-${scale} of ${symbol}`)
  }
  const money = (i: number) =>
    readBigUnits(buf, cuts[i]! + 1, cuts[i + 1]!, MONEY_SCALE) ??
    fail(`${columns[i]} '${field(i)}' is not a decimal`)
  const boolean = (i: number) => {
    const v = readBoolean(buf, cuts[i]! + 1, cuts[i + 1]!)
    return v >= 0 ? v : fail(`${columns[i]} '${field(i)}' is not True or False`)
  }
  const time = (i: number, sorted: boolean) => {
    const t = integer(i)
    const isMicros = t >= MICROS_FROM
    micros ??= isMicros
    if (isMicros !== micros)
      fail(
        `mixed-unit timestamps: ${t} is in ${isMicros ? 'micro' : 'milli'}seconds, earlier lines in ${micros ? 'micro' : 'milli'}seconds`,
      )
    const us = micros ? t : t * 1000
    if (sorted) {
      if (us < lastTime) fail(`timestamps not sorted: ${t} comes after a later one`)
      lastTime = us
    }
    return us
  }
  const onLine = (b: Buffer, s: number, e: number, line: number): void => {
    buf = b
    start = s
    end = e
    n = line
    const fields = splitFields(buf, start, end, cuts)
    if (fields !== columns.length) {
      if (n === 1 && readInteger(buf, start, cuts[1]!) < 0) headerRow()
      fail(
        `${fields < columns.length ? `${fields} columns` : 'extra columns'}, expected ${columns.length} (${columns.join(', ')})`,
      )
    }
    const p = scales.priceScale
    const q = scales.qtyScale
    if (kind === 'trades') {
      const id = integer(0)
      const price = units(1, p)
      const qty = units(2, q)
      if (!isDecimal(buf, cuts[3]! + 1, cuts[4]!)) fail(`quoteQty '${field(3)}' is not a decimal`)
      const t = time(4, true)
      const maker = boolean(5)
      boolean(6)
      trades.push(id, id, id, price, qty, t, maker)
    } else if (kind === 'aggTrades') {
      const id = integer(0)
      const price = units(1, p)
      const qty = units(2, q)
      const first = integer(3)
      const last = integer(4)
      const t = time(5, true)
      const maker = boolean(6)
      boolean(7)
      trades.push(id, first, last, price, qty, t, maker)
    } else {
      klines.push({
        openTime: time(0, true),
        open: units(1, p),
        high: units(2, p),
        low: units(3, p),
        close: units(4, p),
        volume: units(5, q),
        closeTime: time(6, false),
        quoteVolume: money(7),
        trades: integer(8),
        takerBuyVolume: units(9, q),
        takerBuyQuoteVolume: money(10),
      })
    }
  }
  for (const chunks of await sourceChunks(file)) await forEachLine(chunks, onLine)
  if (trades.length === 0 && klines.length === 0) throw new ReplayInputError(file, 0, 'no data rows')
  return kind === 'klines'
    ? { kind, file, symbol, interval: interval!, klines }
    : { kind, file, symbol, trades }
}

async function sourceChunks(file: string): Promise<AsyncIterable<Buffer>[]> {
  if (!file.toLowerCase().endsWith('.zip')) return [createReadStream(file, { highWaterMark: 1 << 20 })]
  const entries = await zipCsvEntries(file)
  if (entries.length === 0) throw new ReplayInputError(file, 0, 'the zip holds no .csv file')
  return entries.map((e) => e.chunks())
}
