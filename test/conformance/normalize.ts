// Turns the wire JSON every client hands back into the scenario's plain shapes (ids as numbers, decimals as text).
import type { Balance, Book, Fill, Order, OrderList, SymbolRules } from './adapter.js'

type Json = Record<string, unknown>

const text = (v: unknown): string => (typeof v === 'string' ? v : String(v))
const num = (v: unknown): number => Number(v)

export function toOrder(raw: unknown): Order {
  const o = raw as Json
  const order: Order = {
    orderId: num(o['orderId']),
    clientOrderId: text(o['clientOrderId']),
    status: text(o['status']),
    type: text(o['type']),
    side: text(o['side']),
    price: text(o['price']),
    origQty: text(o['origQty']),
    executedQty: text(o['executedQty']),
    cummulativeQuoteQty: text(o['cummulativeQuoteQty']),
  }
  if (Array.isArray(o['fills'])) order.fills = (o['fills'] as Json[]).map(toFill)
  return order
}

function toFill(f: Json): Fill {
  return {
    price: text(f['price']),
    qty: text(f['qty']),
    commission: text(f['commission']),
    commissionAsset: text(f['commissionAsset']),
  }
}

export function toOrderList(raw: unknown): OrderList {
  const l = raw as Json
  return {
    orderListId: num(l['orderListId']),
    listClientOrderId: text(l['listClientOrderId']),
    contingencyType: text(l['contingencyType']),
    listStatusType: text(l['listStatusType']),
    listOrderStatus: text(l['listOrderStatus']),
    orders: ((l['orders'] as Json[] | undefined) ?? []).map((o) => ({
      orderId: num(o['orderId']),
      clientOrderId: text(o['clientOrderId']),
    })),
  }
}

export function toBook(raw: unknown): Book {
  const b = raw as { bids: unknown[][]; asks: unknown[][] }
  const level = (l: unknown[]): [string, string] => [text(l[0]), text(l[1])]
  return { bids: b.bids.map(level), asks: b.asks.map(level) }
}

export function toBalances(raw: unknown): Balance[] {
  return ((raw as Json)['balances'] as Json[]).map((b) => ({
    asset: text(b['asset']),
    free: text(b['free']),
    locked: text(b['locked']),
  }))
}

/** The trading rules of `symbol` from an `exchangeInfo` answer. */
export function toRules(raw: unknown, symbol: string): SymbolRules {
  const symbols = (raw as Json)['symbols'] as Json[]
  const s = symbols.find((x) => x['symbol'] === symbol)
  if (!s) throw new Error(`exchangeInfo has no ${symbol}`)
  const filters = s['filters'] as Json[]
  const filter = (type: string) => filters.find((f) => f['filterType'] === type) ?? {}
  const notional = filter('NOTIONAL')['minNotional'] ?? filter('MIN_NOTIONAL')['minNotional'] ?? '0'
  return {
    symbol,
    baseAsset: text(s['baseAsset']),
    quoteAsset: text(s['quoteAsset']),
    tickSize: text(filter('PRICE_FILTER')['tickSize']),
    stepSize: text(filter('LOT_SIZE')['stepSize']),
    minQty: text(filter('LOT_SIZE')['minQty']),
    minNotional: text(notional),
    orderTypes: (s['orderTypes'] as unknown[]).map(text),
    ocoAllowed: s['ocoAllowed'] === true || s['otoAllowed'] === true,
  }
}
