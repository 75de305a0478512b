// Random trading on BTCUSDT through a harness's dispatcher, for the history property tests: limit, market, far,
// stop and iceberg orders of a few accounts, cancels by id and client id (40 of them), amends, the clock set back
// and moved past the archive horizon.
import fc from 'fast-check'
import type { Harness, RecordingConnection } from '../../support/dispatch-harness.js'

const DAY_MS = 86_400_000

/** Every kind of step. */
export const TRADING_KINDS = [
  'limit',
  'market',
  'cancel',
  'cancelByClientId',
  'amend',
  'far',
  'stop',
  'iceberg',
  'rewind',
  'jump',
] as const

/** A step of random trading. */
interface Op {
  readonly kind: (typeof TRADING_KINDS)[number]
  /** The account: an index into the harness's accounts. */
  readonly who: number
  readonly buy: boolean
  readonly tick: number
  readonly qty: number
  readonly pick: number
}

/** Steps of `kinds` (repeat one to make it likelier) by the harness's first `accounts` accounts. */
export function tradingOp(kinds: readonly Op['kind'][], accounts: number): fc.Arbitrary<Op> {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    who: fc.nat(accounts - 1),
    buy: fc.boolean(),
    tick: fc.integer({ min: -1, max: 1 }),
    qty: fc.integer({ min: 1, max: 9 }),
    pick: fc.nat(),
  })
}

/** Runs `ops` on `h` through its dispatcher. */
export function drive(h: Harness, c: RecordingConnection, ops: readonly Op[]): void {
  const symbol = 'BTCUSDT'
  for (const o of ops) {
    h.now += 1 + (o.pick % 3) * 400
    const who = h.accounts[o.who] as Harness['accounts'][number]
    const side = o.buy ? 'BUY' : 'SELL'
    const open = h.exchange.book(symbol).openOrders(h.exchange.account(who.apiKey)?.id)
    const orderId = open[o.pick % Math.max(1, open.length)]?.id ?? 1
    const limit = {
      symbol,
      side,
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: String(60_000 + o.tick * 10),
      newClientOrderId: `c${o.pick % 40}`,
    }
    switch (o.kind) {
      case 'limit':
        h.request(c, 'order.place', { ...limit, quantity: `0.0${1 + (o.qty % 3)}` }, who)
        break
      case 'market':
        h.request(c, 'order.place', { symbol, side, type: 'MARKET', quantity: `0.0${o.qty}` }, who)
        break
      case 'far': {
        // Rests far from the market: open across the spills of later orders' chunks.
        const price = String(o.buy ? 50_000 - o.qty : 70_000 + o.qty)
        const order = { symbol, side, type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price }
        h.request(c, 'order.place', { ...order, newClientOrderId: `c${o.pick % 40}` }, who)
        break
      }
      case 'stop': {
        // Kept as an object (not plain), open until a trade beyond its stop price triggers it.
        const away = o.buy ? 10 : -10
        h.request(
          c,
          'order.place',
          {
            symbol,
            side,
            type: 'STOP_LOSS_LIMIT',
            timeInForce: 'GTC',
            quantity: '0.01',
            stopPrice: String(60_000 + away * (1 + o.tick)),
            price: String(60_000 + away * (2 + o.tick)),
            newClientOrderId: `c${o.pick % 40}`,
          },
          who,
        )
        break
      }
      case 'iceberg':
        // Kept as an object (not plain) once closed.
        h.request(c, 'order.place', { ...limit, quantity: '0.03', icebergQty: '0.01' }, who)
        break
      case 'cancel':
        h.request(c, 'order.cancel', { symbol, orderId }, who)
        break
      case 'cancelByClientId':
        h.request(c, 'order.cancel', { symbol, origClientOrderId: `c${o.pick % 40}` }, who)
        break
      case 'amend':
        h.request(c, 'order.amend.keepPriority', { symbol, orderId, newQty: '0.005' }, who)
        break
      case 'rewind':
        // The clock set back: later orders are updated before earlier ones.
        h.now -= 500 + o.qty * 300
        break
      case 'jump':
        // Past the archive horizon (90 days) of the orders before.
        h.now += 91 * DAY_MS
        break
    }
  }
}
