// Canned WebSocket API answers for the stub server: realistic bodies, only the id (and a clock) filled in.

const WEIGHT = '{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000,"count":1}'
const ORDERS =
  '{"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100,"count":1},' +
  '{"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":200000,"count":1}'

/** `order.place` with `newOrderRespType: FULL`, filled in two trades, as the spec's example (as a MARKET order); also the REST stub's order. */
export const ORDER_FULL = JSON.stringify({
  symbol: 'BTCUSDT',
  orderId: 12569099453,
  orderListId: -1,
  clientOrderId: '4d96324ff9d44481926157ec08158a40',
  transactTime: 1660801715793,
  price: '0.00000000',
  origQty: '0.00847000',
  executedQty: '0.00847000',
  origQuoteOrderQty: '0.00000000',
  cummulativeQuoteQty: '198.33521500',
  status: 'FILLED',
  timeInForce: 'GTC',
  type: 'MARKET',
  side: 'SELL',
  workingTime: 1660801715793,
  selfTradePreventionMode: 'EXPIRE_MAKER',
  fills: [
    {
      price: '23416.10000000',
      qty: '0.00635000',
      commission: '0.00000000',
      commissionAsset: 'BNB',
      tradeId: 1650422481,
    },
    {
      price: '23416.50000000',
      qty: '0.00212000',
      commission: '0.00000000',
      commissionAsset: 'BNB',
      tradeId: 1650422482,
    },
  ],
})

/** The text after `{"id":<id>` for each method; `time` and `session.logon` carry the live clock. */
export function cannedTail(method: string): string {
  switch (method) {
    case 'order.place':
      return `,"status":200,"result":${ORDER_FULL},"rateLimits":[${ORDERS},${WEIGHT}]}`
    case 'time':
      return `,"status":200,"result":{"serverTime":${Date.now()}},"rateLimits":[${WEIGHT}]}`
    case 'session.logon': {
      const t = Date.now()
      return (
        `,"status":200,"result":{"apiKey":"bench-key","authorizedSince":${t},"connectedSince":${t},` +
        `"returnRateLimits":true,"serverTime":${t},"userDataStream":false},"rateLimits":[${WEIGHT}]}`
      )
    }
    default:
      return `,"status":200,"result":{},"rateLimits":[${WEIGHT}]}`
  }
}

/** Tails that do not depend on the clock, computed once. */
export const STATIC_TAILS: ReadonlyMap<string, string> = new Map(
  ['order.place', 'ping'].map((m) => [m, cannedTail(m)]),
)
