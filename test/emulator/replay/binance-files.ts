// Small generated files in the exact formats of data.binance.vision (no real data in the repository): CSV rows
// as Binance prints them, and a zip writer of our own (stored or deflated entries, as published).
import { writeFileSync } from 'node:fs'
import { crc32, deflateRawSync } from 'node:zlib'

/** A generated trade: price and quantity as Binance prints them (8 decimals), time in the file's unit. */
export interface FileTrade {
  readonly id: number
  readonly price: string
  readonly qty: string
  readonly time: number
  readonly buyerIsMaker: boolean
}

const cap = (b: boolean) => (b ? 'True' : 'False')

/** price × qty with 8 decimals, as the trades files' quoteQty column. */
export function quoteOf(price: string, qty: string): string {
  const units = (BigInt(price.replace('.', '')) * BigInt(qty.replace('.', ''))) / 10n ** 8n
  return eight(units)
}

/** Units of 1e-8 as Binance prints them: `17.80180000`. */
function eight(units: bigint): string {
  const s = units.toString().padStart(9, '0')
  return `${s.slice(0, -8)}.${s.slice(-8)}`
}

export function tradesCsv(trades: readonly FileTrade[]): string {
  return trades
    .map(
      (t) => `${t.id},${t.price},${t.qty},${quoteOf(t.price, t.qty)},${t.time},${cap(t.buyerIsMaker)},True\n`,
    )
    .join('')
}

const units = (d: string) => BigInt(d.replace('.', ''))

/** Aggregate trades of consecutive trades sharing time, price and side, as the aggTrades files list them. */
export function aggTradesCsv(trades: readonly FileTrade[]): string {
  const rows: string[] = []
  let agg = 0
  for (let i = 0; i < trades.length; ) {
    const t = trades[i]!
    let j = i + 1
    let qty = BigInt(t.qty.replace('.', ''))
    while (
      j < trades.length &&
      trades[j]!.time === t.time &&
      trades[j]!.price === t.price &&
      trades[j]!.buyerIsMaker === t.buyerIsMaker
    ) {
      qty += BigInt(trades[j]!.qty.replace('.', ''))
      j++
    }
    rows.push(
      `${agg++},${t.price},${eight(qty)},${t.id},${trades[j - 1]!.id},${t.time},${cap(t.buyerIsMaker)},True\n`,
    )
    i = j
  }
  return rows.join('')
}

/** A klines file's rows: CSV text. */
export function klinesCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `${r.join(',')}\n`).join('')
}

/** A klines file as Binance computes it from a day's trades: one row per interval with trades, µs times. */
export function binanceKlines(list: readonly FileTrade[], intervalUs: number): string[][] {
  const rows: string[][] = []
  let bar: { open: number; rows: FileTrade[] } | undefined
  const flush = () => {
    if (!bar) return
    const ps = bar.rows.map((t) => units(t.price))
    const max = ps.reduce((a, b) => (b > a ? b : a))
    const min = ps.reduce((a, b) => (b < a ? b : a))
    const sum = (xs: FileTrade[], f: (t: FileTrade) => bigint) => xs.reduce((s, t) => s + f(t), 0n)
    const takers = bar.rows.filter((t) => !t.buyerIsMaker)
    rows.push([
      String(bar.open),
      bar.rows[0]!.price,
      eight(max),
      eight(min),
      bar.rows[bar.rows.length - 1]!.price,
      eight(sum(bar.rows, (t) => units(t.qty))),
      String(bar.open + intervalUs - 1),
      eight(sum(bar.rows, (t) => units(quoteOf(t.price, t.qty)))),
      String(bar.rows.length),
      eight(sum(takers, (t) => units(t.qty))),
      eight(sum(takers, (t) => units(quoteOf(t.price, t.qty)))),
      '0',
    ])
  }
  for (const t of list) {
    const open = Math.floor(t.time / intervalUs) * intervalUs
    if (bar?.open !== open) {
      flush()
      bar = { open, rows: [] }
    }
    bar.rows.push(t)
  }
  flush()
  return rows
}

/** An API kline (ms) with its times in µs, as 2025 files print them: a close time ends its last millisecond. */
export const asFileRow = (k: readonly unknown[]) =>
  k.map((v, i) => (i === 0 ? String(Number(v) * 1000) : i === 6 ? String(Number(v) * 1000 + 999) : String(v)))

/** A deterministic random walk of `count` trades from `startUs` (µs), `stepUs` apart on average. */
export function generateTrades(count: number, startUs: number, stepUs: number, seed = 7): FileTrade[] {
  let state = seed >>> 0
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  let priceCents = 6_000_000
  let time = startUs
  const trades: FileTrade[] = []
  for (let i = 0; i < count; i++) {
    priceCents += Math.floor(random() * 7) - 3
    time += Math.floor(random() * stepUs * 2)
    const qty = 1 + Math.floor(random() * 50_000)
    trades.push({
      id: 1000 + i,
      price: eight(BigInt(priceCents) * 1_000_000n),
      qty: eight(BigInt(qty) * 1000n),
      time,
      buyerIsMaker: random() < 0.5,
    })
  }
  return trades
}

/** Writes a zip holding `entries` (name → text), deflated unless `stored`. */
export function writeZip(path: string, entries: Record<string, string>, stored = false): void {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text)
    const body = stored ? data : deflateRawSync(data)
    const nameBytes = Buffer.from(name)
    const crc = crc32(data)
    const method = stored ? 0 : 8
    const sizes = [crc, body.length, data.length, nameBytes.length] as const
    // The same fields sit at different offsets of the local header (30 bytes) and the central one (46).
    const local = record(30, [
      [0, 0x04034b50, 4],
      [4, 20, 2],
      [8, method, 2],
      [14, sizes[0], 4],
      [18, sizes[1], 4],
      [22, sizes[2], 4],
      [26, sizes[3], 2],
    ])
    const central = record(46, [
      [0, 0x02014b50, 4],
      [4, 20, 2],
      [6, 20, 2],
      [10, method, 2],
      [16, sizes[0], 4],
      [20, sizes[1], 4],
      [24, sizes[2], 4],
      [28, sizes[3], 2],
      [42, offset, 4],
    ])
    locals.push(local, nameBytes, body)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + body.length
  }
  const dir = Buffer.concat(centrals)
  const count = Object.keys(entries).length
  const end = record(22, [
    [0, 0x06054b50, 4],
    [8, count, 2],
    [10, count, 2],
    [12, dir.length, 4],
    [16, offset, 4],
  ])
  writeFileSync(path, Buffer.concat([...locals, dir, end]))
}

/** A little-endian record of `size` bytes with each [offset, value, width] written. */
function record(size: number, fields: readonly (readonly [number, number, 2 | 4])[]): Buffer {
  const buf = Buffer.alloc(size)
  for (const [at, value, width] of fields) {
    if (width === 2) buf.writeUInt16LE(value, at)
    else buf.writeUInt32LE(value, at)
  }
  return buf
}

/** One line of a depth snapshots file (docs/replay.md "Depth snapshots"): a `GET /api/v3/depth` answer and its time. */
export const depthLine = (T: number, bids: [string, string][], asks: [string, string][], lastUpdateId = T) =>
  JSON.stringify({ lastUpdateId, bids, asks, T })

/** Two trades a second for 20 s from `t0` (ms), none in the 5th second (t0 + 4000 to + 4999): times in µs. */
export function halfSecondTrades(t0: number): FileTrade[] {
  return Array.from({ length: 40 }, (_, i) => ({
    id: i + 1,
    price: `${100 + (i % 7)}.00000000`,
    qty: '0.10000000',
    time: (t0 + i * 500) * 1000,
    buyerIsMaker: i % 2 === 0,
  })).filter((t) => t.time < (t0 + 4000) * 1000 || t.time >= (t0 + 5000) * 1000)
}
