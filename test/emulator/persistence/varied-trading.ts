// The persistence tests' varied trading: orders that rest, trade and cancel, an OCO, a prevented self-trade, a
// deposit, a moved clock and a listen key, each a kind of state a restart must give back.
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import type { TestExchange } from '../../support/exchange.js'

/** A BTCUSDT LIMIT GTC order. */
export const limit = (side: 'BUY' | 'SELL', price: string, quantity = '0.01') =>
  ({ symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity }) as const

/** Orders that rest, trade, cancel; an OCO; a self-trade prevented; a deposit; a listen key; the clock moved. */
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
  return (await b.sendMessage<{ listenKey: string }>('userDataStream.start', { apiKey: 'b' })).data.listenKey
}
