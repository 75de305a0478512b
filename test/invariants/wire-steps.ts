// The commands the suite sends through the request handlers: order.cancelReplace,
// orderList.place.oco, orderList.place.oto and orderList.cancel.
import { type Exchange, stateOf } from '../../src/emulator/exchange/exchange.js'
import type { OcoCommand, OtoCommand } from './commands.js'
import type { MPlace } from './reference-model.js'
import { type Answer, decimal, type Wire } from './wire.js'

function scales(ex: Exchange, symbol: string): { price: (p: number) => string; qty: (q: number) => string } {
  const { spec } = ex.symbols.get(symbol) as { spec: { priceScale: number; qtyScale: number } }
  return { price: (p) => decimal(p, spec.priceScale), qty: (q) => decimal(q, spec.qtyScale) }
}

/** order.place-style params of a new order. */
function orderParams(ex: Exchange, cmd: MPlace): Record<string, unknown> {
  const f = scales(ex, cmd.symbol)
  const p: Record<string, unknown> = {
    symbol: cmd.symbol,
    side: cmd.side,
    type: cmd.type,
    selfTradePreventionMode: cmd.stp,
  }
  if (cmd.type !== 'MARKET') p['price'] = f.price(cmd.price)
  if (cmd.type === 'LIMIT') p['timeInForce'] = cmd.tif
  if (cmd.quote !== undefined) p['quoteOrderQty'] = decimal(Number(cmd.quote), 8)
  else p['quantity'] = f.qty(cmd.qty)
  if (cmd.clientId !== undefined) p['newClientOrderId'] = cmd.clientId
  return p
}

export function cancelReplace(
  wire: Wire,
  ex: Exchange,
  mode: 'STOP_ON_FAILURE' | 'ALLOW_FAILURE',
  orderId: number,
  cmd: MPlace,
): Answer {
  const params = { ...orderParams(ex, cmd), cancelReplaceMode: mode, cancelOrderId: orderId }
  return wire.call('order.cancelReplace', params, cmd.account)
}

export function placeOco(wire: Wire, ex: Exchange, c: OcoCommand): Answer {
  const f = scales(ex, c.symbol)
  const last = ex.book(c.symbol).lastPrice
  const p: Record<string, unknown> = {
    symbol: c.symbol,
    side: c.side,
    quantity: f.qty(c.qty),
    selfTradePreventionMode: c.stp,
  }
  if (c.side === 'SELL') {
    const stop = last - c.stopOffset
    Object.assign(p, {
      aboveType: 'LIMIT_MAKER',
      abovePrice: f.price(last + c.limitOffset),
      belowType: 'STOP_LOSS_LIMIT',
      belowStopPrice: f.price(stop),
      belowPrice: f.price(stop - c.stopLimitGap),
      belowTimeInForce: 'GTC',
    })
  } else {
    const stop = last + c.stopOffset
    Object.assign(p, {
      aboveType: 'STOP_LOSS_LIMIT',
      aboveStopPrice: f.price(stop),
      abovePrice: f.price(stop + c.stopLimitGap),
      aboveTimeInForce: 'GTC',
      belowType: 'LIMIT_MAKER',
      belowPrice: f.price(last - c.limitOffset),
    })
  }
  return wire.call('orderList.place.oco', p, c.account)
}

export function placeOto(wire: Wire, ex: Exchange, c: OtoCommand): Answer {
  const f = scales(ex, c.symbol)
  const p = {
    symbol: c.symbol,
    workingType: 'LIMIT',
    workingSide: c.working.side,
    workingPrice: f.price(c.working.price),
    workingQuantity: f.qty(c.working.qty),
    workingTimeInForce: 'GTC',
    pendingType: 'LIMIT',
    pendingSide: c.pending.side,
    pendingPrice: f.price(c.pending.price),
    pendingQuantity: f.qty(c.pending.qty),
    pendingTimeInForce: 'GTC',
    selfTradePreventionMode: c.stp,
  }
  return wire.call('orderList.place.oto', p, c.account)
}

/** Three times in four one of the account's open lists on the symbol; else any id. */
export function cancelList(wire: Wire, ex: Exchange, account: number, symbol: string, pick: number): Answer {
  const open = stateOf(ex).lists.registry.all(account, true, symbol)
  const id = open.length > 0 && pick % 4 !== 0 ? (open[pick % open.length]?.id ?? 0) : pick + 1
  return wire.call('orderList.cancel', { symbol, orderListId: id }, account)
}

export function amendOrder(
  wire: Wire,
  ex: Exchange,
  account: number,
  symbol: string,
  orderId: number,
  newQty: number,
): Answer {
  const params = { symbol, orderId, newQty: scales(ex, symbol).qty(newQty) }
  return wire.call('order.amend.keepPriority', params, account)
}

/** trades.recent and each account's myTrades as the API answers them, against the exchange's records. */
export function tradeQueryProblems(wire: Wire, ex: Exchange, accounts: readonly number[]): string[] {
  const out: string[] = []
  for (const symbol of ex.symbols.keys()) {
    const recent = wire.call('trades.recent', { symbol, limit: 1000 })
    const ids = recent.ok ? (recent.result as unknown as { id: number }[]).map((t) => t.id) : []
    const want = ex
      .tape(symbol)
      .recent(1000)
      .map((t) => t.id)
    if (ids.join() !== want.join()) out.push(`trades.recent ${symbol}: ${ids} vs tape ${want}`)
    for (const id of accounts) {
      const mine = wire.call('myTrades', { symbol, limit: 1000 }, id)
      const got = mine.ok
        ? (mine.result as unknown as { id: number; isBuyer: boolean }[]).map((t) => `${t.id}:${t.isBuyer}`)
        : [`${(mine as { msg: string }).msg}`]
      const rec = ex.trades(id, symbol).map((t) => `${t.id}:${t.isBuyer}`)
      if (got.join() !== rec.join()) out.push(`myTrades ${id} ${symbol}: ${got} vs ${rec}`)
    }
  }
  return out
}
