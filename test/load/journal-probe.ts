// After a restart, the id counters are where they were: a new MARKET order gets an order id above every id the
// digest saw and the trade id right after the tape's last one (ids are never given out twice).
import { restCall } from '../support/rest-client.js'
import type { Digest } from './journal-digest.js'
import { MARKETS, type Seat } from './journal-traffic.js'

export interface ProbeResult {
  readonly orderId: number
  readonly maxOrderIdBefore: number
  readonly tradeId: number
  readonly lastTradeIdBefore: number
}

/** Places one MARKET BUY on the first market as `seat` (an HMAC seat) over REST and reports its ids. */
export async function probeIds(base: string, seat: Seat, digest: Digest): Promise<ProbeResult> {
  const { symbol, market } = MARKETS[0]
  const answer = await restCall(base, '/api/v3/order', {
    method: 'POST',
    key: seat,
    timestamp: Date.now(),
    query: { symbol, side: 'BUY', type: 'MARKET', quantity: market, newOrderRespType: 'FULL' },
  })
  if (answer.status !== 200) throw new Error(`the probe order was refused: ${answer.text}`)
  const order = answer.json as { orderId: number; fills: { tradeId: number }[] }
  return {
    orderId: order.orderId,
    maxOrderIdBefore: digest.maxOrderId.get(symbol) ?? 0,
    tradeId: order.fills[0]?.tradeId ?? -1,
    lastTradeIdBefore: digest.lastTradeId.get(symbol) ?? 0,
  }
}
