// One CSV line at a time, every field checked and every error worded (file, line, column, value): the reader of
// klines, and the fallback of the trades' fast path (`trade-rows.ts`) for any line that path does not take.

import { isDecimal, readBigUnits, readBoolean, readInteger, readUnits, splitFields } from './csv-fields.js'
import type { CsvKind } from './file-name.js'
import type { KlineRow } from './kline-row.js'
import { ReplayInputError } from './replay-input-error.js'
import { TradeColumns } from './trade-columns.js'

/** How a symbol's prices and quantities become units: 10^-priceScale and 10^-qtyScale. */
export interface MarketScales {
  readonly priceScale: number
  readonly qtyScale: number
  /** The tick size in price units, when known: depth snapshots' prices must be multiples of it. */
  readonly tick?: number | undefined
}

const COLUMNS: Record<CsvKind, readonly string[]> = {
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
export const MICROS_FROM = 1e14
const NEWLINE = 10
const RETURN = 13

/** The rows of one file read so far, and the state every line is checked against. */
export class CheckedRows {
  /** Lines read (the number of the last one). */
  line = 0
  /** The file's timestamp unit, from its first row: 1 microseconds, 0 milliseconds, -1 not known yet. */
  micros = -1
  /** The last row's time (µs). */
  lastTime = -1
  readonly trades: TradeColumns
  readonly klines: KlineRow[] = []
  readonly #columns: readonly string[]
  readonly #cuts: Int32Array

  constructor(
    readonly file: string,
    readonly kind: CsvKind,
    readonly symbol: string,
    readonly scales: MarketScales,
  ) {
    this.#columns = COLUMNS[kind]
    this.#cuts = new Int32Array(this.#columns.length + 2)
    this.trades = new TradeColumns(0, kind === 'aggTrades')
  }

  /** A ChunkParser of whole lines, each checked by `row`. */
  readonly lines = (buf: Buffer, start: number, end: number, final: boolean): number => {
    let s = start
    for (let nl = buf.indexOf(NEWLINE, s); nl >= 0 && nl < end; nl = buf.indexOf(NEWLINE, s)) {
      this.row(buf, s, nl)
      s = nl + 1
    }
    if (final && s < end) {
      this.row(buf, s, end)
      return end
    }
    return s
  }

  /** Checks line `buf[start, end)` (without its newline) and keeps its row; throws a ReplayInputError. */
  row(buf: Buffer, start: number, lineEnd: number): void {
    const n = ++this.line
    const end = lineEnd > start && buf[lineEnd - 1] === RETURN ? lineEnd - 1 : lineEnd
    const columns = this.#columns
    const cuts = this.#cuts
    const symbol = this.symbol
    const fail = (why: string): never => {
      throw new ReplayInputError(this.file, n, why)
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
      const isMicros = t >= MICROS_FROM ? 1 : 0
      if (this.micros < 0) this.micros = isMicros
      const unit = (micros: number) => (micros ? 'micro' : 'milli')
      if (isMicros !== this.micros)
        fail(
          `mixed-unit timestamps: ${t} is in ${unit(isMicros)}seconds, earlier lines in ${unit(this.micros)}seconds`,
        )
      const us = isMicros ? t : t * 1000
      if (sorted) {
        if (us < this.lastTime) fail(`timestamps not sorted: ${t} comes after a later one`)
        this.lastTime = us
      }
      return us
    }
    const fields = splitFields(buf, start, end, cuts)
    if (fields !== columns.length) {
      if (n === 1 && readInteger(buf, start, cuts[1]!) < 0) headerRow()
      fail(
        `${fields < columns.length ? `${fields} columns` : 'extra columns'}, expected ${columns.length} (${columns.join(', ')})`,
      )
    }
    const p = this.scales.priceScale
    const q = this.scales.qtyScale
    if (this.kind === 'trades') {
      const id = integer(0)
      const price = units(1, p)
      const qty = units(2, q)
      if (!isDecimal(buf, cuts[3]! + 1, cuts[4]!)) fail(`quoteQty '${field(3)}' is not a decimal`)
      const t = time(4, true)
      const maker = boolean(5)
      boolean(6)
      this.trades.push(id, id, id, price, qty, t, maker)
    } else if (this.kind === 'aggTrades') {
      const id = integer(0)
      const price = units(1, p)
      const qty = units(2, q)
      const first = integer(3)
      const last = integer(4)
      const t = time(5, true)
      const maker = boolean(6)
      boolean(7)
      this.trades.push(id, first, last, price, qty, t, maker)
    } else {
      this.klines.push({
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
}
