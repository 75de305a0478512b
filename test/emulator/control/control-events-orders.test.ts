// The event stream stays small with many open orders: an account's first event lists every open order, the later
// ones only the orders that changed, so one more order costs a few hundred bytes whatever the account holds, and a
// burst of orders stays far below the backlog a client is dropped for (EVENT_BACKLOG_BYTES). The open orders rebuilt
// from the events are those the API lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AccountView } from '../../../src/emulator/api/control/control-events.js'
import { EVENT_BACKLOG_BYTES } from '../../../src/emulator/api/control/control-events.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import type { OrderStatusReport } from '../../../src/protocol/results.js'
import { createSigner } from '../../../src/protocol/signing.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { HMAC_SECRET } from '../../support/keys.js'
import { symbolLike } from '../../support/symbols.js'

const RESTING = 1000
const BURST = 200
/** What one more order may add to the stream: its account event (balances, the order) and its request record. */
const ONE_ORDER_BYTES = 3000

const signer = createSigner({ apiSecret: HMAC_SECRET })
let kit: TestExchange
let raw: RawClient

beforeAll(async () => {
  kit = await startExchange({
    clock: T0,
    control: true,
    // BTCUSDT taking more open orders than the 200 of its MAX_NUM_ORDERS filter.
    symbols: [
      symbolLike('BTCUSDT', {
        filters: symbolLike('BTCUSDT').filters?.map((f) =>
          f.filterType === 'MAX_NUM_ORDERS' ? { ...f, maxNumOrders: 5000 } : f,
        ),
      }),
    ],
    limits: { ordersPer10Seconds: 10_000, requestWeight: 100_000 },
    accounts: [{ apiKey: 'mm', key: 'hmac', balances: { USDT: '100000000', BTC: '1' } }],
  })
  raw = await RawClient.open(kit.ex.url)
}, 60_000)

afterAll(async () => {
  await raw?.close()
  await kit?.close()
})

/** A resting BUY far below the market (a different price each). */
async function place(i: number): Promise<number> {
  const price = (30_000 + i / 100).toFixed(2)
  const params = {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price,
    quantity: '0.001',
  }
  return (await call('order.place', params)).orderId as number
}

async function call(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await raw.signed(method, signer, 'mm', params, kit.now)
  if (r.status !== 200) throw new Error(JSON.stringify(r))
  return r.result as Record<string, unknown>
}

/** `GET /control/events`, its text as it arrives, and the `account` events' data. */
async function follow() {
  const abort = new AbortController()
  const res = await fetch(`http://127.0.0.1:${kit.ex.port}/control/events`, { signal: abort.signal })
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const stream = { bytes: 0, text: '', ended: false, accounts: [] as AccountView[] }
  const decoder = new TextDecoder()
  /** Reads until `done` holds. */
  const until = async (done: () => boolean) => {
    while (!done()) {
      const chunk = await reader.read()
      if (chunk.done) {
        stream.ended = true
        return
      }
      stream.bytes += chunk.value.byteLength
      stream.text += decoder.decode(chunk.value, { stream: true })
      const blocks = stream.text.split('\n\n')
      stream.text = blocks.pop() ?? ''
      for (const block of blocks) {
        const data = /^data: (.+)$/m.exec(block)?.[1]
        if (block.startsWith('event: account\n') && data)
          stream.accounts.push(JSON.parse(data) as AccountView)
      }
    }
  }
  return { stream, until, close: () => abort.abort() }
}

/** The open orders the events give: the last full list, then each change applied. */
function openOrdersOf(views: readonly AccountView[]): string[] {
  const open = new Map<string, OrderStatusReport>()
  for (const v of views) {
    if (v.openOrders) {
      open.clear()
      for (const o of v.openOrders) open.set(`${o.symbol} ${o.orderId}`, o)
    }
    for (const o of v.orders ?? []) open.set(`${o.symbol} ${o.orderId}`, o)
    for (const o of v.closed ?? []) open.delete(`${o.symbol} ${o.orderId}`)
  }
  return [...open.values()].map((o) => JSON.stringify(o)).sort()
}

const apiOpenOrders = async () =>
  ((await kit.ex.query('openOrders.status', {}, 'mm')) as OrderStatusReport[])
    .map((o) => JSON.stringify(o))
    .sort()

describe('the event stream with many open orders', () => {
  it('sends one more order as a small event, a burst without dropping the client, and the open orders exactly', async () => {
    for (let i = 0; i < RESTING; i++) await place(i)
    const events = await follow()
    try {
      await events.until(() => events.stream.accounts.length === 1)
      expect(events.stream.accounts[0]?.openOrders).toHaveLength(RESTING)
      const before = events.stream.bytes

      await place(RESTING)
      await events.until(() => events.stream.accounts.length === 2)
      const one = events.stream.bytes - before
      expect(one).toBeLessThan(ONE_ORDER_BYTES)

      // A burst, unread while it is sent; then a cancel and a sale into the account's own bids.
      const sent = events.stream.bytes
      const ids = await Promise.all(Array.from({ length: BURST }, (_, i) => place(RESTING + 1 + i)))
      await call('order.cancel', { symbol: 'BTCUSDT', orderId: ids[7] })
      await call('order.place', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.0025' })
      const expected = await apiOpenOrders()
      const caughtUp = () => openOrdersOf(events.stream.accounts).join() === expected.join()
      await events.until(() => caughtUp() || events.stream.ended)
      expect(events.stream.ended).toBe(false)
      expect(events.stream.bytes - sent).toBeLessThan((BURST + 2) * ONE_ORDER_BYTES)
      expect(events.stream.bytes - sent).toBeLessThan(EVENT_BACKLOG_BYTES / 4)
      expect(openOrdersOf(events.stream.accounts)).toEqual(expected)
    } finally {
      events.close()
    }
  }, 60_000)
})
