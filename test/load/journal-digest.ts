// The journal load's view of the exchange, read over `/control/query` (no weight, no signature): per account its
// balances, open orders (in the order the exchange lists them), every order and every trade; per symbol the whole
// book, the tape, klines and the 24 h ticker. Hashed part by part, so two digests say which part differs.
import { createHash } from 'node:crypto'
import type { QueryMethod } from '../../src/emulator/api/control/query.js'
import type { Acked } from './journal-traffic.js'

const PAGE = 1000

interface OrderRecord {
  readonly status: string
  readonly origQty: string
}

export interface Digest {
  /** A SHA-256 per part (`account <key> allOrders BTCUSDT`, `symbol BTCUSDT depth`, …). */
  readonly parts: ReadonlyMap<string, string>
  /** Every order of the accounts, by `account|symbol|orderId`. */
  readonly orders: ReadonlyMap<string, OrderRecord>
  /** Per symbol: the highest order id any account has, and the last trade id of the tape. */
  readonly maxOrderId: ReadonlyMap<string, number>
  readonly lastTradeId: ReadonlyMap<string, number>
  readonly trades: number
}

/** One `/control/query` read; throws with the control API's answer when it is not a 200. */
async function query(
  base: string,
  method: QueryMethod,
  params: Record<string, unknown>,
  apiKey?: string,
): Promise<unknown> {
  const res = await fetch(`${base}/control/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method, params, ...(apiKey === undefined ? {} : { apiKey }) }),
  })
  const body = (await res.json()) as { result?: unknown }
  if (res.status !== 200) throw new Error(`/control/query ${method}: ${res.status} ${JSON.stringify(body)}`)
  return body.result
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

/** Reads and hashes everything `accounts` and `symbols` show. */
export async function readDigest(
  base: string,
  accounts: readonly string[],
  symbols: readonly string[],
): Promise<Digest> {
  const parts = new Map<string, string>()
  const orders = new Map<string, OrderRecord>()
  const maxOrderId = new Map<string, number>()
  const lastTradeId = new Map<string, number>()
  let trades = 0
  for (const symbol of symbols) {
    parts.set(`symbol ${symbol} depth`, hash(await query(base, 'depth', { symbol, limit: 5000 })))
    const tape = (await query(base, 'trades.recent', { symbol, limit: 1000 })) as { id: number }[]
    parts.set(`symbol ${symbol} trades.recent`, hash(tape))
    lastTradeId.set(symbol, tape.at(-1)?.id ?? 0)
    parts.set(
      `symbol ${symbol} klines`,
      hash(await query(base, 'klines', { symbol, interval: '1m', limit: 1000 })),
    )
    // Its window ends now: the rest of it is state.
    const {
      openTime: _,
      closeTime: __,
      ...ticker
    } = (await query(base, 'ticker.24hr', { symbol })) as Record<string, unknown>
    parts.set(`symbol ${symbol} ticker.24hr`, hash(ticker))
  }
  for (const account of accounts) {
    parts.set(`account ${account} account.status`, hash(await query(base, 'account.status', {}, account)))
    parts.set(`account ${account} openOrders`, hash(await query(base, 'openOrders.status', {}, account)))
    for (const symbol of symbols) {
      const all = createHash('sha256')
      for (let from = 0; ; ) {
        const page = (await query(base, 'allOrders', { symbol, orderId: from, limit: PAGE }, account)) as {
          orderId: number
          status: string
          origQty: string
        }[]
        all.update(JSON.stringify(page))
        for (const o of page) {
          orders.set(`${account}|${symbol}|${o.orderId}`, { status: o.status, origQty: o.origQty })
          maxOrderId.set(symbol, Math.max(maxOrderId.get(symbol) ?? 0, o.orderId))
        }
        if (page.length < PAGE) break
        from = (page.at(-1)?.orderId ?? from) + 1
      }
      parts.set(`account ${account} allOrders ${symbol}`, all.digest('hex'))
      const mine = createHash('sha256')
      for (let from = 0; ; ) {
        const page = (await query(base, 'myTrades', { symbol, fromId: from, limit: PAGE }, account)) as {
          id: number
        }[]
        mine.update(JSON.stringify(page))
        trades += page.length
        if (page.length < PAGE) break
        from = (page.at(-1)?.id ?? from) + 1
      }
      parts.set(`account ${account} myTrades ${symbol}`, mine.digest('hex'))
    }
  }
  return { parts, orders, maxOrderId, lastTradeId, trades }
}

/** The parts whose hashes differ (or that only one digest has). */
export function digestDiff(a: Digest, b: Digest): string[] {
  const names = new Set([...a.parts.keys(), ...b.parts.keys()])
  return [...names].filter((n) => a.parts.get(n) !== b.parts.get(n))
}

/** A decimal string as an integer of 10^-8 units. */
const units = (d: string): bigint => {
  const [whole = '0', frac = ''] = d.split('.')
  return BigInt(whole) * 100_000_000n + BigInt(frac.padEnd(8, '0').slice(0, 8))
}

/**
 * What of the acknowledged changes `digest` lacks: each order an answer told of exists; an acknowledged cancel left
 * it CANCELED; an acknowledged amend left its quantity; a placement answered FILLED is FILLED. A change sent later
 * whose answer never came may or may not be there, so only the acknowledged ones are checked.
 */
export function missingAcks(acks: readonly Acked[], digest: Digest): string[] {
  const last = new Map<string, { canceled: boolean; qty?: string; filled: boolean }>()
  for (const a of acks) {
    const key = `${a.account}|${a.symbol}|${a.orderId}`
    const s = last.get(key) ?? { canceled: false, filled: false }
    if (a.kind === 'canceled') s.canceled = true
    if (a.kind === 'amended' && a.qty !== undefined) s.qty = a.qty
    if (a.kind === 'placed' && a.status === 'FILLED') s.filled = true
    last.set(key, s)
  }
  const out: string[] = []
  for (const [key, s] of last) {
    const o = digest.orders.get(key)
    if (!o) out.push(`${key}: acknowledged, missing`)
    else if (s.canceled && o.status !== 'CANCELED') out.push(`${key}: cancel acknowledged, ${o.status}`)
    else if (s.filled && o.status !== 'FILLED') out.push(`${key}: acknowledged FILLED, ${o.status}`)
    else if (s.qty !== undefined && units(o.origQty) !== units(s.qty))
      out.push(`${key}: amend to ${s.qty} acknowledged, origQty ${o.origQty}`)
  }
  return out
}
