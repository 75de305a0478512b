// The order book tests' market: a seeded random order flow of two traders, and waits on book events.
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import type { OrderBook } from '../../../src/client/streams/order-book.js'
import { seededRandom } from '../../../src/emulator/exchange/random.js'
import type { Traders } from '../../support/exchange.js'

/** Uniform numbers in [0, 1) from `seed`, so every run places the same orders. */
export function seeded(seed: number): () => number {
  const next = seededRandom(seed)
  return () => next() / 2 ** 32
}

/**
 * `steps` random BTCUSDT actions: resting limits around 60000, crossing limits and markets (trades), cancels.
 * `after` runs after each step (e.g. to record the emulator's book).
 */
export async function randomFlow(
  t: Traders,
  rnd: () => number,
  steps: number,
  after?: () => Promise<void>,
): Promise<void> {
  const open: { conn: WebsocketAPIConnection; orderId: number }[] = []
  for (let i = 0; i < steps; i++) {
    const conn = rnd() < 0.5 ? t.a : t.b
    const r = rnd()
    const side = rnd() < 0.5 ? 'BUY' : 'SELL'
    const quantity = (0.001 + Math.floor(rnd() * 50) / 1000).toFixed(5)
    if (r < 0.15 && open.length) {
      const [o] = open.splice(Math.floor(rnd() * open.length), 1)
      if (o) await o.conn.orderCancel({ symbol: 'BTCUSDT', orderId: o.orderId }).catch(() => undefined)
    } else if (r < 0.25) {
      await conn.orderPlace({ symbol: 'BTCUSDT', side, type: 'MARKET', quantity })
    } else {
      const offset = Math.floor(rnd() * 40) - 20 + (side === 'BUY' ? -8 : 8)
      const price = (60000 + offset * 5).toFixed(2)
      const res = await conn.orderPlace({
        symbol: 'BTCUSDT',
        side,
        type: 'LIMIT',
        timeInForce: 'GTC',
        price,
        quantity,
      })
      if (res.data.status === 'NEW' || res.data.status === 'PARTIALLY_FILLED') {
        open.push({ conn, orderId: res.data.orderId })
      }
    }
    await after?.()
  }
}

/** Resolves once `test()` holds, checking at every book event; rejects after `ms` (a failure, not a sleep). */
export function until(book: OrderBook, test: () => boolean, ms = 10_000): Promise<void> {
  if (test()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!test()) return
      cleanup()
      resolve()
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error('condition not reached'))
    }, ms)
    const cleanup = () => {
      clearTimeout(timer)
      book.off('change', check)
      book.off('status', check)
    }
    book.on('change', check)
    book.on('status', check)
  })
}
