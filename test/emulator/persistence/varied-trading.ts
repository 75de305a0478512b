// The persistence tests' varied trading: orders that rest, trade and cancel, an OCO, a prevented self-trade, a
// deposit, a moved clock, a listen key and a pair listed while running, each a kind of state a restart must give back.
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import type { TestExchange } from '../../support/exchange.js'
import { SOLUSDT } from '../../support/symbols.js'

/** A BTCUSDT LIMIT GTC order. */
export const limit = (side: 'BUY' | 'SELL', price: string, quantity = '0.01') =>
  ({ symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity }) as const

/**
 * Orders that rest, trade, cancel; an OCO; a self-trade prevented; a deposit; a listen key; the clock moved; SOLUSDT
 * listed (once) and traded.
 */
export async function trade(k: TestExchange, [a, b]: readonly WebsocketAPIConnection[]): Promise<string> {
  if (!a || !b) throw new Error('two connections')
  await a.orderPlace(limit('BUY', '59000'))
  await a.orderPlace({ ...limit('SELL', '61000', '0.05'), icebergQty: '0.01' })
  await b.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02' })
  const gone = await b.orderPlace(limit('BUY', '58000'))
  await b.orderCancel({ symbol: 'BTCUSDT', orderId: gone.data.orderId })
  await a.orderListPlaceOco({
    symbol: 'ETHUSDT',
    side: 'SELL',
    quantity: '0.1',
    aboveType: 'LIMIT_MAKER',
    abovePrice: '4000',
    belowType: 'STOP_LOSS',
    belowStopPrice: '2000',
  })
  await a.orderPlace({ ...limit('SELL', '59500'), selfTradePreventionMode: 'EXPIRE_TAKER' })
  await a.orderPlace({ ...limit('BUY', '59500'), selfTradePreventionMode: 'EXPIRE_TAKER' })
  k.ex.deposit('b', 'USDT', '123.45')
  k.ex.clock.advance(3_600_000)
  await b.orderPlace({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '0.3' })
  // A pair listed while running, and traded: a book, trades and a resting order of its own.
  if (!k.ex.query('exchangeInfo', {}).symbols.some((s) => s.symbol === SOLUSDT.symbol))
    k.ex.addSymbol(SOLUSDT)
  k.ex.deposit('b', 'SOL', '5')
  await a.orderPlace({ ...limit('BUY', '140', '2'), symbol: 'SOLUSDT' })
  await b.orderPlace({
    symbol: 'SOLUSDT',
    side: 'SELL',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '139',
    quantity: '1.5',
  })
  return (await b.sendMessage<{ listenKey: string }>('userDataStream.start', { apiKey: 'b' })).data.listenKey
}
