// Matching engine in-process: mixed insert/cancel/match ops per second, cancel cost vs queue depth, memory per order.
// Run: npm run bench:engine [-- --ops=1000000 --reps=3]   (node --expose-gc, so heap figures are after a full GC)
import { constants, PerformanceObserver } from 'node:perf_hooks'
import type { OrderBook } from '../src/emulator/engine/book.js'
import { toSafeUnits, toUnits } from '../src/emulator/engine/decimal.js'
import { Engine, type PlaceCommand } from '../src/emulator/engine/engine.js'
import type { Order } from '../src/emulator/engine/order.js'
import { flags, fmt, machine, median, num, reproduce, table } from './lib/stats.js'

const f = flags(process.argv.slice(2))
const OPS = num(f, 'ops', 1_000_000)
const REPS = num(f, 'reps', 3)
const RESTING = num(f, 'resting', 1_000_000)

const P = (s: string) => toSafeUnits(s, 2)
const Q = (s: string) => toSafeUnits(s, 5)
const MID = P('60000')
const LOT = Q('0.001')
const ACCOUNTS = [1, 2, 3, 4]

/** A fresh engine with BTCUSDT (0.01 tick, 0.00001 step) and four well-funded accounts. */
function freshEngine(): Engine {
  let n = 0
  const engine = new Engine({ newClientOrderId: () => `e${++n}` })
  engine.addMarket({
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    priceScale: 2,
    qtyScale: 5,
    lot: { step: 1, min: 1, max: 900_000_000 },
    marketLot: { step: 1, min: 1, max: 900_000_000 },
  })
  for (const id of ACCOUNTS) {
    engine.ledger.credit(id, 'USDT', toUnits('1000000000000', 8))
    engine.ledger.credit(id, 'BTC', toUnits('1000000000', 8))
  }
  return engine
}

/** Start times (performance.now() clock) of the young-generation collections (scavenges), as reported. */
const scavenges: number[] = []
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const { detail } = e as { detail?: { kind?: number } }
    if (detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges.push(e.startTime)
  }
}).observe({ entryTypes: ['gc'] })

/** Deterministic PRNG (mulberry32), so every run replays the same operations. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function limit(
  accountId: number,
  side: 'BUY' | 'SELL',
  price: number,
  qty: number,
  tif: 'GTC' | 'IOC' = 'GTC',
) {
  return {
    accountId,
    symbol: 'BTCUSDT',
    side,
    type: 'LIMIT',
    timeInForce: tif,
    price,
    quantity: qty,
    quoteOrderQty: 0n,
    selfTradePreventionMode: 'NONE',
  } satisfies PlaceCommand
}

/**
 * Mixed workload around a 60 000.00 mid: 50 % inserts of resting orders 1–200 ticks from the mid, 30 % cancels of a
 * random resting order, 20 % marketable IOC orders that trade against the touch (about one resting order each).
 */
function mixed(ops: number, seed: number) {
  const engine = freshEngine()
  const book = engine.book('BTCUSDT') as OrderBook
  const random = rng(seed)
  /**
   * Orders inserted and not yet picked for a cancel, as orderId × 4 + account index: numbers, not Order objects, so
   * that the bench itself keeps no closed order alive for the GC to copy (the picks and the ops are the same).
   */
  const resting: number[] = []
  let now = 1_700_000_000_000
  let inserts = 0
  let cancels = 0
  let matches = 0
  let trades = 0
  const insert = () => {
    const side = random() < 0.5 ? 'BUY' : 'SELL'
    const ticks = 1 + Math.floor(random() * 200)
    const price = side === 'BUY' ? MID - ticks : MID + ticks
    const r = engine.place(limit(ACCOUNTS[inserts & 3]!, side, price, LOT * (1 + (inserts % 3))), now)
    if (!r.ok) throw new Error(`insert rejected: ${r.msg}`)
    resting.push(r.order.id * 4 + (inserts & 3))
    inserts++
  }
  const cancel = () => {
    while (resting.length) {
      const i = Math.floor(random() * resting.length)
      const entry = resting[i]!
      resting[i] = resting[resting.length - 1]!
      resting.pop()
      const orderId = (entry - (entry & 3)) / 4
      if (!book.isOpen(orderId)) continue
      const r = engine.cancel(ACCOUNTS[entry & 3]!, 'BTCUSDT', { orderId }, undefined, now)
      if (!r.ok) throw new Error(`cancel failed: ${r.error}`)
      cancels++
      return
    }
    insert()
  }
  const match = () => {
    const side = random() < 0.5 ? 'BUY' : 'SELL'
    const price = side === 'BUY' ? MID + 200 : MID - 200
    const r = engine.place(limit(ACCOUNTS[matches & 3]!, side, price, LOT * 2, 'IOC'), now)
    if (!r.ok) throw new Error(`match rejected: ${r.msg}`)
    trades += r.trades.length
    matches++
  }
  for (let i = 0; i < 10_000; i++) insert()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < ops; i++) {
    now++
    const x = random()
    if (x < 0.5) insert()
    else if (x < 0.8) cancel()
    else match()
  }
  const t1 = performance.now()
  const cpu = process.cpuUsage(cpu0)
  return {
    opsPerSec: (ops / (t1 - t0)) * 1000,
    /** Process CPU (user + system, GC threads included) per op. */
    cpuUsPerOp: (cpu.user + cpu.system) / ops,
    t0,
    t1,
    inserts,
    cancels,
    matches,
    trades,
    resting: resting.length,
  }
}

/**
 * µs per cancel of a random resting order, with `depth` orders spread over `levels` price levels. Cancelled orders
 * are replaced after each batch, so the depth stays within [depth/2, depth]; 20 000 cancels in all.
 */
function cancelCost(depth: number, levels: number, seed: number): number {
  const engine = freshEngine()
  const random = rng(seed)
  const top = P('59000')
  const queue: Order[] = []
  let k = 0
  const add = () => {
    const r = engine.place(limit(ACCOUNTS[k & 3]!, 'BUY', top - (k % levels), LOT), 1)
    if (!r.ok) throw new Error(r.msg)
    queue.push(r.order)
    k++
  }
  for (let i = 0; i < depth; i++) add()
  gc?.()
  const total = 20_000
  let done = 0
  let ms = 0
  while (done < total) {
    const batch = Math.min(depth / 2, total - done)
    const picks: Order[] = []
    for (let i = 0; i < batch; i++) {
      const j = Math.floor(random() * queue.length)
      picks.push(queue[j]!)
      queue[j] = queue[queue.length - 1]!
      queue.pop()
    }
    const t0 = performance.now()
    for (const o of picks) {
      const r = engine.cancel(o.accountId, 'BTCUSDT', { orderId: o.id }, undefined, 2)
      if (!r.ok) throw new Error(r.error)
    }
    ms += performance.now() - t0
    done += batch
    for (let i = 0; i < batch; i++) add()
  }
  return (ms * 1000) / total
}

const gc = (globalThis as { gc?: () => void }).gc
const heapMb = () => {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed / 2 ** 20
}

/** Heap and RSS for `count` resting orders over 2 000 price levels, and the insert rate while building them. */
function memory(count: number) {
  const before = heapMb()
  const engine = freshEngine()
  const keep: Order[] = []
  const t0 = performance.now()
  for (let i = 0; i < count; i++) {
    const side = i & 1 ? 'SELL' : 'BUY'
    const ticks = 1 + (Math.floor(i / 2) % 1000)
    const r = engine.place(limit(ACCOUNTS[i & 3]!, side, side === 'BUY' ? MID - ticks : MID + ticks, LOT), i)
    if (!r.ok) throw new Error(r.msg)
    if (i === 0) keep.push(r.order)
  }
  const ms = performance.now() - t0
  const heap = heapMb() - before
  const rss = process.memoryUsage().rss / 2 ** 20
  const levels =
    (engine.book('BTCUSDT')?.bids.levelCount ?? 0) + (engine.book('BTCUSDT')?.asks.levelCount ?? 0)
  return { heap, rss, perOrder: (heap * 2 ** 20) / count, insertsPerSec: (count / ms) * 1000, levels, engine }
}

mixed(200_000, 1) // warm-up: JIT
const mixedRuns = Array.from({ length: REPS }, (_, i) => mixed(OPS, 42 + i))
await new Promise((resolve) => setTimeout(resolve, 100)) // the GC observer's entries arrive asynchronously
/** Scavenges during the timed loops, per million ops. */
const scavengesPerM = median(
  mixedRuns.map((r) => (scavenges.filter((t) => t >= r.t0 && t <= r.t1).length * 1e6) / OPS),
)
const depths = [1000, 10_000, 50_000]
const cancelRuns = depths.map((d) => median(Array.from({ length: REPS }, (_, i) => cancelCost(d, 1, 7 + i))))
/** The same numbers of orders over d/100 levels (queues of 100): the same memory, shallow queues. */
const spreadRuns = depths.map((d) =>
  median(Array.from({ length: REPS }, (_, i) => cancelCost(d, d / 100, 7 + i))),
)
const mem = memory(RESTING)
const m0 = mixedRuns[0]!

const command = reproduce('bench:engine')
console.log(
  [
    `Matching engine, in-process, one core — ${new Date().toISOString().slice(0, 10)} — ${machine()}`,
    `Reproduce: ${command}${gc ? '' : '  (run with node --expose-gc for exact heap figures)'}`,
    '',
    table(
      ['measure', 'result', 'detail'],
      [
        [
          'mixed insert / cancel / match',
          `${fmt(median(mixedRuns.map((r) => r.opsPerSec)))} ops/s`,
          `${fmt(OPS)} ops × ${REPS} runs (${mixedRuns.map((r) => fmt(r.opsPerSec)).join(' / ')}); ` +
            `${fmt(median(mixedRuns.map((r) => r.cpuUsPerOp)), 2)} µs process CPU per op, ${fmt(scavengesPerM)} scavenges per 1 M ops; ` +
            `${fmt(m0.inserts)} inserts, ${fmt(m0.cancels)} cancels, ${fmt(m0.matches)} IOC orders → ${fmt(m0.trades)} trades; ` +
            `${fmt(m0.resting)} resting at the end`,
        ],
        ...depths.map((d, i) => [
          `cancel, ${fmt(d)} orders at one price`,
          `${fmt(cancelRuns[i]!, 2)} µs/cancel`,
          `random queue positions; ${(cancelRuns[i]! / cancelRuns[0]!).toFixed(2)}× the 1 k cost; ` +
            `the same ${fmt(d)} orders in queues of 100: ${fmt(spreadRuns[i]!, 2)} µs`,
        ]),
        [
          `${fmt(RESTING)} resting orders`,
          `${fmt(mem.heap)} MB heap`,
          `${fmt(mem.perOrder)} B/order; RSS ${fmt(mem.rss)} MB; ${fmt(mem.levels)} levels; built at ${fmt(mem.insertsPerSec)} inserts/s`,
        ],
      ],
    ),
  ].join('\n'),
)
