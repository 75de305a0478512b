// A seeded mixed workload through the dispatcher (limits, icebergs, markets, stops, lists, SOR, cancels, amends,
// deposits, listen keys) and a digest of everything a user could observe, for the persistence tests.
import { SeededRandom } from '../../../src/emulator/exchange/random.js'
import type { Harness, RecordingConnection } from '../../support/dispatch-harness.js'

/** Sends `count` requests drawn from `seed`, advancing the harness clock a little between them. */
export function runWorkload(h: Harness, c: RecordingConnection, seed: number, count: number): void {
  const random = new SeededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[random.next() % items.length] as T
  const price = () => String(59_000 + (random.next() % 2_000))
  const qty = () => `0.0${1 + (random.next() % 9)}`
  for (let i = 0; i < count; i++) {
    h.now += 1 + (random.next() % 500)
    const who = pick(h.accounts)
    const side = pick(['BUY', 'SELL'] as const)
    const symbol = 'BTCUSDT'
    switch (random.next() % 12) {
      case 0:
      case 1:
      case 2:
        h.request(
          c,
          'order.place',
          { symbol, side, type: 'LIMIT', timeInForce: 'GTC', quantity: qty(), price: price() },
          who,
        )
        break
      case 3:
        h.request(
          c,
          'order.place',
          {
            symbol,
            side,
            type: 'LIMIT',
            timeInForce: 'GTC',
            quantity: '0.1',
            icebergQty: '0.02',
            price: price(),
          },
          who,
        )
        break
      case 4:
        h.request(c, 'order.place', { symbol, side, type: 'MARKET', quantity: qty() }, who)
        break
      case 5:
        h.request(
          c,
          'order.place',
          {
            symbol,
            side,
            type: 'STOP_LOSS_LIMIT',
            timeInForce: 'GTC',
            quantity: qty(),
            price: price(),
            stopPrice: price(),
          },
          who,
        )
        break
      case 6:
        h.request(
          c,
          'orderList.place.oco',
          {
            symbol,
            side: 'SELL',
            quantity: qty(),
            aboveType: 'LIMIT_MAKER',
            abovePrice: '70000',
            belowType: 'STOP_LOSS',
            belowStopPrice: '50000',
          },
          who,
        )
        break
      case 7:
        h.request(c, 'sor.order.place', { symbol, side, type: 'MARKET', quantity: qty() }, who)
        break
      case 8:
        h.request(c, 'openOrders.cancelAll', { symbol }, who)
        break
      case 9:
        h.request(c, 'order.cancel', { symbol, orderId: 1 + (random.next() % 40) }, who)
        break
      case 10:
        h.request(
          c,
          'order.amend.keepPriority',
          { symbol, orderId: 1 + (random.next() % 40), newQty: '0.001' },
          who,
        )
        break
      default: {
        const account = h.exchange.account(who.apiKey)?.id ?? 0
        h.exchange.execute(
          { kind: 'changeBalance', accountId: account, asset: 'USDT', amount: '12.5', change: 'deposit' },
          h.now,
        )
      }
    }
  }
}
