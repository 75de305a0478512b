// Model agreement after a step: the engine's trades, orders, balances and fees against the naive
// reference model's.
import { type Exchange, stateOf } from '../../src/emulator/exchange/exchange.js'
import type { Model, MTrade } from './reference-model.js'

/** A fill side as Records reports it. */
interface FillView {
  readonly symbol: string
  readonly tradeId: number
  readonly orderId: number
  readonly side: 'BUY' | 'SELL'
  readonly price: number
  readonly qty: number
}

/** The step's trades as `symbol#id@price x qty:buyOrder/sellOrder`, from the engine's fills. */
function engineTrades(fills: readonly FillView[]): string[] {
  const byTrade = new Map<string, { price: number; qty: number; buy?: number; sell?: number }>()
  for (const f of fills) {
    const key = `${f.symbol}#${f.tradeId}`
    const t = byTrade.get(key) ?? { price: f.price, qty: f.qty }
    if (f.side === 'BUY') t.buy = f.orderId
    else t.sell = f.orderId
    byTrade.set(key, t)
  }
  return [...byTrade].map(([k, t]) => `${k}@${t.price}x${t.qty}:${t.buy}/${t.sell}`)
}

const modelTrade = (t: MTrade) => `${t.symbol}#${t.id}@${t.price}x${t.qty}:${t.buyer.id}/${t.seller.id}`

/** Differences between the engine's state and the model's. */
export function modelDifferences(
  ex: Exchange,
  model: Model,
  accounts: readonly number[],
  fills: readonly FillView[],
  modelTradesBefore: number,
): string[] {
  const out: string[] = []
  const et = engineTrades(fills).sort()
  const mt = model.trades.slice(modelTradesBefore).map(modelTrade).sort()
  if (et.join() !== mt.join()) out.push(`trades ${et} vs model ${mt}`)
  for (const name of ex.symbols.keys()) {
    const book = ex.book(name)
    const mine = model.orders.get(name) ?? []
    if (book.lastOrderId !== mine.length)
      out.push(`${name}: ${book.lastOrderId} orders vs model ${mine.length}`)
    for (const mo of mine) {
      const o = book.order(mo.id)
      const a = o && [
        o.accountId,
        o.status,
        o.executedQty,
        o.preventedQty,
        o.origQty,
        String(o.locked),
        o.onBook,
      ]
      const b = [mo.account, mo.status, mo.executed, mo.prevented, mo.origQty, String(mo.locked), mo.resting]
      if (JSON.stringify(a) !== JSON.stringify(b))
        out.push(`${name} order ${mo.id}: ${JSON.stringify(a)} vs model ${JSON.stringify(b)}`)
    }
  }
  for (const id of [0, ...accounts]) {
    for (const [asset, h] of stateOf(ex).engine.ledger.holdings(id)) {
      const free = model.free.get(`${id}/${asset}`) ?? 0n
      const locked = model.lockedBal.get(`${id}/${asset}`) ?? 0n
      if (h.free !== free || h.locked !== locked)
        out.push(`account ${id} ${asset}: ${h.free}/${h.locked} vs model ${free}/${locked}`)
    }
  }
  for (const [asset, fee] of stateOf(ex).engine.ledger.fees) {
    if (fee !== (model.fees.get(asset) ?? 0n)) out.push(`fees ${asset}: ${fee} vs ${model.fees.get(asset)}`)
  }
  return out
}
