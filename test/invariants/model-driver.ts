// Driver of the model-based test of the exchange (engine, ledger, settlement, liquidity, trade records, user data
// events) against the naive reference in reference-model.ts: random sequences of place / cancel /
// amend with STP across three accounts and two symbols sharing a quote asset, synthetic liquidity
// off and on. After every step: same results, orders and balances as the model; money conserved;
// locks equal what open orders reserve; nothing negative; books uncrossed and FIFO; every fill once
// per side in myTrades and in each account's user data stream. FUZZ_SEED / FUZZ_SCALE as for fuzz.
import fc from 'fast-check'
import type { Effects } from '../../src/emulator/engine/effects.js'
import { Exchange } from '../../src/emulator/exchange.js'
import type { SymbolOptions } from '../../src/emulator/options.js'
import { UserStreams } from '../../src/emulator/user-streams.js'
import { RecordingConnection } from '../support/dispatch-harness.js'
import { assetTotals, invariantProblems } from '../support/invariants.js'
import { type MMarket, type MOrder, Model, type MPlace, type MStp } from './reference-model.js'

const T0 = 1_700_000_000_000
const ACCOUNTS = [1, 2, 3]

function symbol(
  name: string,
  base: string,
  tick: string,
  step: string,
  ref: string,
  liq: string,
): SymbolOptions {
  return {
    symbol: name,
    baseAsset: base,
    quoteAsset: 'BBB',
    referencePrice: ref,
    liquidityQty: liq,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: '100000', tickSize: tick },
      { filterType: 'LOT_SIZE', minQty: step, maxQty: '100000', stepSize: step },
    ],
  }
}

const SYMBOLS = [
  symbol('AAABBB', 'AAA', '0.01', '0.001', '1.00', '0.010'),
  symbol('CCCBBB', 'CCC', '0.1', '0.01', '10.0', '0.10'),
]

export type Command =
  | { kind: 'place'; cmd: MPlace }
  | { kind: 'cancel'; account: number; symbol: string; pick: number }
  | { kind: 'amend'; account: number; symbol: string; pick: number; newQty: number }

const account = fc.constantFrom(...ACCOUNTS)
const symbolName = fc.constantFrom('AAABBB', 'CCCBBB')

const place: fc.Arbitrary<Command> = fc
  .record({
    account,
    symbol: symbolName,
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    type: fc.constantFrom('LIMIT', 'LIMIT', 'LIMIT', 'LIMIT', 'LIMIT_MAKER', 'MARKET', 'MARKET' as const),
    tif: fc.constantFrom('GTC', 'GTC', 'GTC', 'IOC', 'FOK' as const),
    price: fc.integer({ min: 90, max: 110 }),
    qty: fc.integer({ min: 1, max: 30 }),
    clientId: fc.constantFrom(undefined, undefined, 'a', 'b'),
    stp: fc.constantFrom<MStp>(
      'NONE',
      'NONE',
      'NONE',
      'EXPIRE_TAKER',
      'EXPIRE_MAKER',
      'EXPIRE_BOTH',
      'DECREMENT',
    ),
  })
  .map((cmd) => ({ kind: 'place' as const, cmd: { ...cmd, type: cmd.type as MPlace['type'] } }))

const cancel: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('cancel' as const),
  account,
  symbol: symbolName,
  pick: fc.nat({ max: 60 }),
})

const amend: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('amend' as const),
  account,
  symbol: symbolName,
  pick: fc.nat({ max: 60 }),
  newQty: fc.integer({ min: 1, max: 30 }),
})

export const commands = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: place },
    { weight: 2, arbitrary: cancel },
    { weight: 1, arbitrary: amend },
  ),
  { minLength: 5, maxLength: 60, size: 'medium' },
)

interface World {
  readonly ex: Exchange
  readonly model: Model
  readonly streams: UserStreams
  readonly connections: ReadonlyMap<number, RecordingConnection>
  readonly totals: ReadonlyMap<string, bigint>
  /** TRADE executionReports seen per account, symbol and order: trade ids in arrival order. */
  readonly seen: Map<string, number[]>
}

function world(liquidity: boolean): World {
  const ex = new Exchange({
    symbols: SYMBOLS,
    accounts: ACCOUNTS.map((id) => ({
      apiKey: `k${id}`,
      hmacSecret: `s${id}`,
      balances: { AAA: '0.5', BBB: '5', CCC: '1' },
      commission: { maker: '0.001', taker: '0.002' },
    })),
    liquidity: liquidity ? { levels: 5, spacingBps: 100 } : undefined,
    seed: 3,
    commission: undefined,
    startTime: T0,
  })
  const markets = new Map<string, MMarket>()
  for (const [name, s] of ex.symbols) {
    markets.set(name, {
      symbol: name,
      base: s.spec.baseAsset,
      quote: s.spec.quoteAsset,
      priceScale: s.spec.priceScale,
      qtyScale: s.spec.qtyScale,
    })
  }
  const rates = new Map(ACCOUNTS.map((id) => [id, { maker: 100_000n, taker: 200_000n }]))
  const model = new Model(markets, rates, liquidity ? 0 : undefined)
  for (const id of [0, ...ACCOUNTS]) {
    for (const [asset, h] of ex.engine.ledger.holdings(id)) {
      model.free.set(`${id}/${asset}`, h.free)
      model.lockedBal.set(`${id}/${asset}`, h.locked)
    }
  }
  for (const name of markets.keys()) {
    const book = ex.book(name)
    for (let id = 1; id <= book.lastOrderId; id++) {
      const o = book.order(id)
      if (!o) continue
      model.adopt({
        id: o.id,
        account: o.accountId,
        symbol: name,
        side: o.side,
        type: 'LIMIT_MAKER',
        tif: 'GTC',
        price: o.price,
        origQty: o.origQty,
        executed: o.executedQty,
        prevented: 0,
        status: o.status,
        clientId: o.clientOrderId,
        stp: 'NONE',
        locked: o.locked,
        resting: o.onBook,
      })
    }
  }
  const streams = new UserStreams(ex.engine.ledger)
  const connections = new Map<number, RecordingConnection>()
  for (const a of ex.accounts) {
    const c = new RecordingConnection('127.0.0.1', T0)
    streams.subscribe(c, a, false)
    connections.set(a.id, c)
  }
  const totals = assetTotals(ex.engine, [0, ...ACCOUNTS])
  return { ex, model, streams, connections, totals, seen: new Map() }
}

/** What the runs so far exercised: the property is only as good as the paths it reaches. */
export const reached = { trades: 0, selfTradesPrevented: 0, cancels: 0, amends: 0, rejects: 0, steps: 0 }

/** Applies one command to both; returns the engine's effects (to publish) and any disagreement. */
function step(w: World, c: Command, now: number): { effects?: Effects; problem?: string } {
  const { ex, model } = w
  if (c.kind === 'place') {
    const { cmd } = c
    const r = ex.place(
      {
        accountId: cmd.account,
        symbol: cmd.symbol,
        side: cmd.side,
        type: cmd.type,
        timeInForce: cmd.type === 'LIMIT' ? cmd.tif : 'GTC',
        price: cmd.type === 'MARKET' ? 0 : cmd.price,
        quantity: cmd.qty,
        quoteOrderQty: 0n,
        clientOrderId: cmd.clientId,
        selfTradePreventionMode: cmd.stp,
      },
      now,
    )
    const m = model.place(
      { ...cmd, tif: cmd.type === 'LIMIT' ? cmd.tif : 'GTC' },
      r.ok ? r.order.clientOrderId : '',
    )
    if (r.ok !== m.ok)
      return { problem: `place: engine ${r.ok ? 'accepted' : r.msg}, model ${m.ok ? 'accepted' : m.msg}` }
    if (!r.ok || !m.ok) {
      reached.rejects++
      return r.ok || m.ok || r.msg === m.msg ? {} : { problem: `reject ${r.msg} vs ${m.msg}` }
    }
    reached.trades += r.trades.length
    reached.selfTradesPrevented += r.prevented.length
    const et = r.trades.map((t) => `${t.id}@${t.price}x${t.qty}:${t.buyer.id}/${t.seller.id}`)
    const mt = m.trades.map((t) => `${t.id}@${t.price}x${t.qty}:${t.buyer.id}/${t.seller.id}`)
    if (et.join() !== mt.join()) return { problem: `trades ${et} vs model ${mt}` }
    return { effects: r.effects }
  }
  // Three times in four one of the account's open orders; else any id (often another's, or none).
  const open = ex.book(c.symbol).openOrders(c.account)
  const orderId = open.length > 0 && c.pick % 4 !== 0 ? (open[c.pick % open.length]?.id ?? 0) : c.pick + 1
  if (c.kind === 'cancel') {
    const a = ex.accounts[c.account - 1]!
    const r = ex.cancel(a, c.symbol, { orderId }, undefined, now)
    const m = model.cancel(c.account, c.symbol, orderId)
    if (r.ok !== m) return { problem: `cancel: engine ${r.ok}, model ${m}` }
    if (r.ok) reached.cancels++
    return r.ok ? { effects: r.effects } : {}
  }
  const r = ex.engine.amend(c.account, c.symbol, { orderId }, c.newQty, undefined, now)
  const m = model.amend(c.account, c.symbol, orderId, c.newQty, r.ok ? r.order.clientOrderId : '')
  if (r.ok !== (m === undefined))
    return { problem: `amend: engine ${r.ok ? 'ok' : (r.msg ?? r.error)}, model ${m ?? 'ok'}` }
  if (r.ok) {
    reached.amends++
    ex.commit(r.effects, now)
  }
  return r.ok ? { effects: r.effects } : {}
}

/** Differences between the engine's state and the model's, and broken invariants. */
function compare(w: World, fillsBefore: number): string[] {
  const { ex, model } = w
  const out: string[] = []
  for (const name of ex.symbols.keys()) {
    const book = ex.book(name)
    const mine = model.orders.get(name) ?? []
    if (book.lastOrderId !== mine.length)
      out.push(`${name}: ${book.lastOrderId} orders vs model ${mine.length}`)
    for (const mo of mine) {
      const o = book.order(mo.id)
      const a = o && [
        o.accountId,
        o.status,
        o.executedQty,
        o.preventedQty,
        o.origQty,
        String(o.locked),
        o.onBook,
      ]
      const b = [mo.account, mo.status, mo.executed, mo.prevented, mo.origQty, String(mo.locked), mo.resting]
      if (JSON.stringify(a) !== JSON.stringify(b))
        out.push(`${name} order ${mo.id}: ${JSON.stringify(a)} vs model ${JSON.stringify(b)}`)
    }
  }
  for (const id of [0, ...ACCOUNTS]) {
    for (const [asset, h] of ex.engine.ledger.holdings(id)) {
      const free = model.free.get(`${id}/${asset}`) ?? 0n
      const locked = model.lockedBal.get(`${id}/${asset}`) ?? 0n
      if (h.free !== free || h.locked !== locked) {
        out.push(`account ${id} ${asset}: ${h.free}/${h.locked} vs model ${free}/${locked}`)
      }
    }
  }
  for (const [asset, fee] of ex.engine.ledger.fees) {
    if (fee !== (model.fees.get(asset) ?? 0n)) out.push(`fees ${asset}: ${fee} vs ${model.fees.get(asset)}`)
  }
  out.push(...invariantProblems(ex.engine, ex.symbols.keys(), [0, ...ACCOUNTS], w.totals))
  for (const id of ACCOUNTS) {
    for (const name of ex.symbols.keys()) {
      const recorded = ex.trades(id, name).map((t) => `${t.trade.id}:${t.isBuyer}`)
      const expected: string[] = []
      for (const t of model.trades) {
        if (t.symbol !== name) continue
        if (t.buyer.account === id) expected.push(`${t.id}:true`)
        if (t.seller.account === id) expected.push(`${t.id}:false`)
      }
      if (recorded.join() !== expected.join()) out.push(`myTrades ${id} ${name}: ${recorded} vs ${expected}`)
    }
  }
  // The user data stream: every new fill once per side, for exactly the accounts that traded.
  const newFills = model.trades.slice(fillsBefore)
  for (const id of ACCOUNTS) {
    const c = w.connections.get(id)!
    const got: string[] = []
    for (const f of c.frames.splice(0)) {
      const e = f['event'] as Record<string, unknown>
      if (e['e'] === 'executionReport' && e['x'] === 'TRADE') {
        got.push(`${e['s']}#${e['t']}:${e['i']}`)
        // Per order: within one command the taker's fills come first, then the makers'.
        const key = `${id}/${e['s']}/${e['i']}`
        const ids = w.seen.get(key) ?? []
        if (ids.length > 0 && (ids.at(-1) as number) > (e['t'] as number))
          out.push(`${key}: trade ${e['t']} after ${ids.at(-1)}`)
        ids.push(e['t'] as number)
        w.seen.set(key, ids)
      }
    }
    const want: string[] = []
    for (const t of newFills) {
      for (const o of [t.buyer, t.seller] as MOrder[])
        if (o.account === id) want.push(`${t.symbol}#${t.id}:${o.id}`)
    }
    if (got.sort().join() !== want.sort().join()) out.push(`stream of ${id}: ${got} vs ${want}`)
  }
  return out
}

/** Runs `cmds` on a fresh exchange and model; throws at the first disagreement. */
export function run(cmds: readonly Command[], liquidity: boolean): void {
  const w = world(liquidity)
  let now = T0
  for (const [i, c] of cmds.entries()) {
    reached.steps++
    now += 1000
    const fillsBefore = w.model.trades.length
    const { effects, problem } = step(w, c, now)
    if (effects) w.streams.publish(effects, now)
    const problems = problem ? [problem] : compare(w, fillsBefore)
    if (problems.length > 0) {
      throw new Error(`step ${i} ${JSON.stringify(c)}:\n  ${problems.slice(0, 8).join('\n  ')}`)
    }
  }
}
