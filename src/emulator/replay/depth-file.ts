// Depth snapshots the user recorded (docs/replay.md "Depth snapshots"): one JSON object a line (`.jsonl`, or gzipped
// `.jsonl.gz`), each a `GET /api/v3/depth` answer plus `"T"` (ms since the epoch), or a recorded combined-stream
// frame of the partial book depth stream (`{"stream":"btcusdt@depth20@100ms","data":{…},"T":…}`). Every line is
// checked: a bad file fails whole, naming the file and the line.
import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { DECIMAL_PATTERN, significantDecimals, toSafeUnits } from '../engine/decimal.js'
import type { BookSnapshot, DepthLevel } from '../exchange/commands.js'
import type { MarketScales } from './checked-rows.js'
import { ReplayInputError } from './replay-input-error.js'

/** A symbol's snapshots in time order. */
export interface DepthSnapshots {
  /** Each snapshot's time (ms), non-decreasing. */
  readonly time: readonly number[]
  readonly books: readonly BookSnapshot[]
}

/** Reads and checks a depth file of `symbol` whole. */
export async function readDepthFile(
  file: string,
  symbol: string,
  scales: MarketScales,
): Promise<DepthSnapshots> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
    if (file.toLowerCase().endsWith('.gz')) bytes = gunzipSync(bytes)
  } catch (err) {
    throw new ReplayInputError(file, 0, `cannot be read: ${(err as Error).message}`)
  }
  const time: number[] = []
  const books: BookSnapshot[] = []
  const lines = bytes.toString('utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim()
    if (text === '') continue
    const fail = (why: string): never => {
      throw new ReplayInputError(file, i + 1, why)
    }
    const { t, book } = depthLine(text, symbol, scales, fail)
    const before = time[time.length - 1]
    if (before !== undefined && t < before) fail(`time ${t} is before the previous snapshot's (${before})`)
    time.push(t)
    books.push(book)
  }
  if (time.length === 0) throw new ReplayInputError(file, 0, 'no snapshot')
  return { time, books }
}

type Fail = (why: string) => never

function depthLine(text: string, symbol: string, scales: MarketScales, fail: Fail) {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    fail('not a JSON object')
  }
  if (!isObject(value)) return fail('not a JSON object')
  const t = value.T
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
    fail('"T" (ms since the epoch) is missing or not a whole number')
  let body: Record<string, unknown> = value
  if ('stream' in value) {
    const stream = value.stream
    if (typeof stream !== 'string' || !isObject(value.data))
      fail('a stream frame needs "stream" and a "data" object')
    const named = (stream as string).split('@')[0]!.toUpperCase()
    if (named !== symbol) fail(`stream ${String(stream)} is not of ${symbol}`)
    body = value.data as Record<string, unknown>
  }
  if (!Number.isSafeInteger(body.lastUpdateId)) fail('"lastUpdateId" is missing or not a whole number')
  const bids = levels('bids', body.bids, scales, fail, -1)
  const asks = levels('asks', body.asks, scales, fail, 1)
  const bestBid = bids[0]
  const bestAsk = asks[0]
  if (bestBid && bestAsk && bestBid[0] >= bestAsk[0])
    fail('crossed book: the best bid is not below the best ask')
  return { t: t as number, book: { bids, asks } }
}

/** `[price, qty]` string pairs, in units, strictly in `order` of price (-1 falling: bids; 1 rising: asks). */
function levels(
  field: string,
  value: unknown,
  scales: MarketScales,
  fail: Fail,
  order: 1 | -1,
): DepthLevel[] {
  if (!Array.isArray(value)) return fail(`"${field}" is missing or not an array`)
  const out: DepthLevel[] = []
  for (let k = 0; k < value.length; k++) {
    const pair: unknown = value[k]
    const at = `${field}[${k}]`
    if (!Array.isArray(pair) || pair.length < 2) fail(`${at} is not a [price, quantity] pair`)
    const [p, q] = pair as unknown[]
    const price = units(at, 'price', p, scales.priceScale, fail)
    const qty = units(at, 'quantity', q, scales.qtyScale, fail)
    if (price <= 0 || qty <= 0) fail(`${at}: price and quantity must be > 0`)
    if (scales.tick !== undefined && price % scales.tick !== 0)
      fail(`${at}: price ${String(p)} is off the tick size`)
    const previous = out[out.length - 1]
    if (previous && (price - previous[0]) * order <= 0)
      fail(`${at}: ${field} are not in ${order < 0 ? 'falling' : 'rising'} price order`)
    out.push([price, qty])
  }
  return out
}

function units(at: string, what: string, text: unknown, scale: number, fail: Fail): number {
  if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text))
    return fail(`${at}: ${what} ${JSON.stringify(text)} is not a decimal string`)
  if (significantDecimals(text) > scale) fail(`${at}: ${what} ${text} has more than ${scale} decimals`)
  return toSafeUnits(text, scale, `${at} ${what}`)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
