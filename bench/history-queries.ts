// The history queries of one symbol with a long order history: allOrders (newest, from an orderId, a 1 h window)
// and order.status by client id, through the emulator's dispatcher (signing, validation, formatting included).
// One symbol gets N orders: a busy account places most of them (far bids canceled at once, and sells that fill a
// third account's bids), a quiet account ~100 spread over the whole history. In memory, and with a data dir (full
// chunks spilled to the history file, read back through its 16 MB cache). Reports CPU (user + system) µs per call:
// on a shared machine the figure that does not depend on the load.
// Run: npm run bench:queries [-- --orders=200000]
import './lib/loopback-only.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { HistoryFile } from '../src/emulator/api/persistence/history-file.js'
import { type Harness, harness, type RecordingConnection } from '../test/support/dispatch-harness.js'
import { T0 } from '../test/support/exchange.js'
import { flags, fmt, machine, num, reproduce, table } from './lib/stats.js'

const f = flags(process.argv.slice(2))
const orders = num(f, 'orders', 200_000)
const QUIET_ORDERS = 100
const STEP_MS = 250
const HOUR_MS = 3_600_000
const SYMBOL = 'BTCUSDT'

type Who = Harness['accounts'][number]

/** A venue whose BTCUSDT book holds `orders` orders; with `file`, full chunks spilled to it as they fill. */
function venue(file: HistoryFile | undefined): { h: Harness; busy: Who; quiet: Who; oldClientId: string } {
  const h = harness({ liquidity: false, balances: { USDT: '100000000000', BTC: '10000000' } })
  const [busy, quiet, other] = h.accounts as [Who, Who, Who]
  const id = (who: Who) => h.exchange.account(who.apiKey)?.id as number
  const [busyId, quietId, otherId] = [id(busy), id(quiet), id(other)]
  const place = (accountId: number, side: 'BUY' | 'SELL', price: string, t: number) =>
    h.exchange.execute(
      {
        kind: 'placeOrder',
        accountId,
        order: { symbol: SYMBOL, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.001' },
        cost: 1,
      } as never,
      t,
    )
  const cancelAll = (accountId: number, t: number) =>
    h.exchange.execute({ kind: 'cancelOpenOrders', accountId, symbol: SYMBOL } as never, t)
  const quietEvery = Math.max(2, Math.floor(orders / QUIET_ORDERS))
  let placed = 0
  for (let step = 0; placed < orders; step++) {
    const t = T0 + step * STEP_MS
    if (step % quietEvery === quietEvery - 1) {
      place(quietId, 'BUY', '50000', t)
      if (placed < orders - quietEvery * 3) cancelAll(quietId, t)
      placed++
    } else if (step % 4 === 3) {
      place(otherId, 'BUY', '60000', t)
      place(busyId, 'SELL', '60000', t)
      placed += 2
    } else {
      place(busyId, 'BUY', '50000', t)
      cancelAll(busyId, t)
      placed++
    }
    if (file && step % 64 === 0) h.exchange.spillHistory(file)
  }
  if (file) h.exchange.spillHistory(file)
  h.now = T0 + Math.ceil(orders * STEP_MS) + 1000
  const oldClientId = h.exchange.book(SYMBOL).order(1)?.clientOrderId as string
  return { h, busy, quiet, oldClientId }
}

/** CPU µs per call of `call`, over at least 5 calls and 0.3 s of CPU (after 2 unmeasured). */
function perCall(call: () => void): number {
  call()
  call()
  const cpu = process.cpuUsage()
  let n = 0
  let used = 0
  while (n < 5 || used < 300_000) {
    call()
    n++
    const u = process.cpuUsage(cpu)
    used = u.user + u.system
  }
  return used / n
}

/** The timed queries on `h`: their names and CPU µs per call. */
function measure(v: ReturnType<typeof venue>): [string, number][] {
  const { h, busy, quiet, oldClientId } = v
  const c: RecordingConnection = h.connect()
  const lastId = h.exchange.book(SYMBOL).lastOrderId
  const end = h.now - 2 * HOUR_MS
  /** `what`, timed: `method` with `params` as `who`, answering `expected` (the clock moves on under the weight limit). */
  const query = (
    what: string,
    method: string,
    params: Record<string, unknown>,
    who: Who,
    expected = 200,
  ): [string, number] => [
    what,
    perCall(() => {
      h.now += 250
      const [answer] = h.request(c, method, { symbol: SYMBOL, ...params }, who)
      if (answer?.status !== expected) throw new Error(`${what}: ${JSON.stringify(answer)}`)
      c.frames.length = 0
    }),
  ]
  const status = (what: string, id: string, who: Who, expected: number) =>
    query(what, 'order.status', { origClientOrderId: id }, who, expected)
  return [
    query('allOrders, busy account, limit 500', 'allOrders', { limit: 500 }, busy),
    query('allOrders, quiet account, limit 500', 'allOrders', { limit: 500 }, quiet),
    query('allOrders, busy, orderId near the end', 'allOrders', { orderId: lastId - 2000, limit: 500 }, busy),
    query(
      'allOrders, busy, 1 h window',
      'allOrders',
      { startTime: end - HOUR_MS, endTime: end, limit: 500 },
      busy,
    ),
    status('order.status, busy, unknown client id', 'no-such-id', busy, 400),
    status('order.status, busy, known old client id', oldClientId, busy, 200),
    status('order.status, quiet, unknown client id', 'no-such-id', quiet, 400),
  ]
}

const dir = mkdtempSync(join(tmpdir(), 'bsw-queries-'))
try {
  const inMemory = measure(venue(undefined))
  const file = new HistoryFile(dir, { writable: true })
  const spilled = measure(venue(file))
  file.close()
  console.log(
    [
      `History queries — ${new Date().toISOString().slice(0, 10)} — ${machine()}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      `Reproduce: ${reproduce('bench:queries')}`,
      `${fmt(orders)} BTCUSDT orders: a busy account ~80 %, a third account ~20 %, a quiet account ${QUIET_ORDERS}.`,
      '',
      table(
        ['query', 'CPU µs per call (memory)', 'CPU µs per call (data dir)'],
        inMemory.map(([what, us], k) => [what, fmt(us), fmt(spilled[k]?.[1] ?? Number.NaN)]),
      ),
    ].join('\n'),
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
