// The fast path of trades and aggTrades files: one pass over the bytes of each row, numbers accumulated digit by
// digit straight into the columns, no string, no field boundaries. It takes only rows in the exact form Binance
// prints (digits, `True`/`False`, `\n` or `\r\n`) and hands any other line to CheckedRows, which keeps it or
// words the error: the two accept the same files.
import type { ChunkParser } from './byte-source.js'
import { type CheckedRows, MICROS_FROM } from './checked-rows.js'

const COMMA = 44
const NEWLINE = 10
const RETURN = 13
const DOT = 46
const ZERO = 48
/** Digits of the largest safe integer: a longer field is not one; one this long is checked against it. */
const SAFE_DIGITS = 16
const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i)

/** The byte the field readers below start at; each moves it past its field's comma. */
let at = 0

/** An integer field; -1 when it is not digits only or not a safe integer. */
function integer(buf: Buffer): number {
  let i = at
  let n = 0
  let d = buf[i]! - ZERO
  while (d >= 0 && d <= 9) {
    n = n * 10 + d
    d = buf[++i]! - ZERO
  }
  if (d !== COMMA - ZERO || i === at || i - at > SAFE_DIGITS || n > Number.MAX_SAFE_INTEGER) return -1
  at = i + 1
  return n
}

/** A decimal field in units of 10^-scale; -1 when it is not one, is finer than the scale, or is not safe. */
function units(buf: Buffer, scale: number): number {
  let i = at
  let n = 0
  let digits = 0
  let d = buf[i]! - ZERO
  while (d >= 0 && d <= 9) {
    n = n * 10 + d
    digits++
    d = buf[++i]! - ZERO
  }
  let decimals = 0
  if (d === DOT - ZERO) {
    d = buf[++i]! - ZERO
    while (d >= 0 && d <= 9) {
      if (decimals < scale) {
        n = n * 10 + d
        decimals++
        digits++
      } else if (d !== 0) return -1
      d = buf[++i]! - ZERO
    }
  }
  if (d !== COMMA - ZERO || digits === 0 || digits > SAFE_DIGITS) return -1
  const u = n * POW10[scale - decimals]!
  if (u > Number.MAX_SAFE_INTEGER) return -1
  at = i + 1
  return u
}

/** Skips a decimal field (digits, one dot at most); false when it is not one. */
function decimal(buf: Buffer): boolean {
  let i = at
  let c = buf[i]!
  let digits = 0
  while (c >= ZERO && c <= ZERO + 9) {
    digits++
    c = buf[++i]!
  }
  if (c === DOT) {
    c = buf[++i]!
    while (c >= ZERO && c <= ZERO + 9) {
      digits++
      c = buf[++i]!
    }
  }
  if (c !== COMMA || digits === 0) return false
  at = i + 1
  return true
}

/** `True` → 1, `False` → 0, followed by `end`; -1 otherwise. */
function flag(buf: Buffer, end: number): number {
  const i = at
  if (buf[i] === 84 && buf[i + 1] === 114 && buf[i + 2] === 117 && buf[i + 3] === 101 && buf[i + 4] === end) {
    at = i + 5
    return 1
  }
  if (
    buf[i] === 70 &&
    buf[i + 1] === 97 &&
    buf[i + 2] === 108 &&
    buf[i + 3] === 115 &&
    buf[i + 4] === 101 &&
    buf[i + 5] === end
  ) {
    at = i + 6
    return 0
  }
  return -1
}

/** The fast ChunkParser of `rows` (a trades or aggTrades file). */
export function tradeRowParser(rows: CheckedRows): ChunkParser {
  const aggregate = rows.kind === 'aggTrades'
  const priceScale = rows.scales.priceScale
  const qtyScale = rows.scales.qtyScale
  return (buf, start, end, final) => {
    const t = rows.trades
    let micros = rows.micros
    let lastTime = rows.lastTime
    let line = rows.line
    let s = start
    while (s < end) {
      at = s
      let next = -1
      const id = integer(buf)
      const price = id < 0 ? -1 : units(buf, priceScale)
      const qty = price < 0 ? -1 : units(buf, qtyScale)
      let first = id
      let last = id
      if (aggregate) {
        first = qty < 0 ? -1 : integer(buf)
        last = first < 0 ? -1 : integer(buf)
      } else if (qty >= 0 && !decimal(buf)) last = -1
      const time = last < 0 ? -1 : integer(buf)
      const maker = time < 0 ? -1 : flag(buf, COMMA)
      const lineEnd =
        maker < 0
          ? -1
          : flag(buf, NEWLINE) >= 0
            ? at
            : flag(buf, RETURN) >= 0 && buf[at] === NEWLINE
              ? at + 1
              : -1
      if (lineEnd >= 0) {
        const isMicros = time >= MICROS_FROM ? 1 : 0
        const us = isMicros ? time : time * 1000
        if ((micros === isMicros || micros < 0) && us >= lastTime) {
          next = lineEnd
          micros = isMicros
          lastTime = us
          line++
          t.push(id, first, last, price, qty, us, maker)
        }
      }
      if (next < 0) {
        // Not a row in Binance's exact form, or the window ends inside it: the checked path decides.
        let nl = buf.indexOf(NEWLINE, s)
        if (nl < 0 || nl >= end) {
          if (!final) break
          nl = end
        }
        rows.micros = micros
        rows.lastTime = lastTime
        rows.line = line
        rows.row(buf, s, nl)
        micros = rows.micros
        lastTime = rows.lastTime
        line = rows.line
        next = nl + 1
      }
      s = next
    }
    rows.micros = micros
    rows.lastTime = lastTime
    rows.line = line
    return Math.min(s, end)
  }
}
