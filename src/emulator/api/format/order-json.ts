// The JSON text of the commonest answer, a FULL order response without conditional fields, written
// directly: JSON.stringify took ~1 µs of an order.place's ~15. The writer checks the object it is given
// (its names in order, the type of each value) and gives up on anything else, so what it writes is
// always what JSON.stringify would.

/** A FULL response's names, in order, when it has no conditional field. */
const FULL_NAMES = [
  'symbol',
  'orderId',
  'orderListId',
  'clientOrderId',
  'transactTime',
  'price',
  'origQty',
  'executedQty',
  'origQuoteOrderQty',
  'cummulativeQuoteQty',
  'status',
  'timeInForce',
  'type',
  'side',
  'workingTime',
  'fills',
  'selfTradePreventionMode',
] as const

const FILL_NAMES = ['price', 'qty', 'commission', 'commissionAsset', 'tradeId'] as const

/** Whether JSON.stringify writes a character of `s` escaped (surrogates: lone ones; any one sends us to it). */
function escapes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true
  }
  return false
}

function str(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  return escapes(v) ? JSON.stringify(v) : `"${v}"`
}

function num(v: unknown): string | undefined {
  if (typeof v !== 'number') return undefined
  return Number.isFinite(v) ? `${v}` : 'null'
}

/** True when `o` is a plain object whose own enumerable names are exactly `names`, in order. */
function hasNames(o: object, names: readonly string[]): boolean {
  if (Object.getPrototypeOf(o) !== Object.prototype) return false
  let i = 0
  for (const name in o) if (name !== names[i++]) return false
  return i === names.length
}

function fillJson(f: unknown): string | undefined {
  if (typeof f !== 'object' || f === null || !hasNames(f, FILL_NAMES)) return undefined
  const x = f as Record<(typeof FILL_NAMES)[number], unknown>
  const price = str(x.price)
  const qty = str(x.qty)
  const commission = str(x.commission)
  const asset = str(x.commissionAsset)
  const tradeId = num(x.tradeId)
  if (price === undefined || qty === undefined || commission === undefined) return undefined
  if (asset === undefined || tradeId === undefined) return undefined
  return `{"price":${price},"qty":${qty},"commission":${commission},"commissionAsset":${asset},"tradeId":${tradeId}}`
}

/** `JSON.stringify(value)` when `value` is a FULL order response without conditional fields; else undefined. */
export function plainFullJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !hasNames(value, FULL_NAMES)) return undefined
  const r = value as Record<(typeof FULL_NAMES)[number], unknown>
  const fills = r.fills
  if (!Array.isArray(fills) || Object.getPrototypeOf(fills) !== Array.prototype) return undefined
  let fillsJson = ''
  for (let i = 0; i < fills.length; i++) {
    const f = fillJson(fills[i])
    if (f === undefined) return undefined
    fillsJson = i === 0 ? f : `${fillsJson},${f}`
  }
  const parts = [
    str(r.symbol),
    num(r.orderId),
    num(r.orderListId),
    str(r.clientOrderId),
    num(r.transactTime),
    str(r.price),
    str(r.origQty),
    str(r.executedQty),
    str(r.origQuoteOrderQty),
    str(r.cummulativeQuoteQty),
    str(r.status),
    str(r.timeInForce),
    str(r.type),
    str(r.side),
    num(r.workingTime),
    str(r.selfTradePreventionMode),
  ]
  if (parts.includes(undefined)) return undefined
  const [symbol, orderId, orderListId, clientOrderId, transactTime, price, origQty, executedQty] = parts
  const [, , , , , , , , origQuote, cumQuote, status, tif, type, side, workingTime, stp] = parts
  return (
    `{"symbol":${symbol},"orderId":${orderId},"orderListId":${orderListId},"clientOrderId":${clientOrderId},` +
    `"transactTime":${transactTime},"price":${price},"origQty":${origQty},"executedQty":${executedQty},` +
    `"origQuoteOrderQty":${origQuote},"cummulativeQuoteQty":${cumQuote},"status":${status},` +
    `"timeInForce":${tif},"type":${type},"side":${side},"workingTime":${workingTime},"fills":[${fillsJson}],` +
    `"selfTradePreventionMode":${stp}}`
  )
}
