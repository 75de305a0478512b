// Account queries: account.status, order.status, openOrders.status, myTrades.
import type { Balance, MyTrade } from '../../../protocol/results.js'
import type { Order } from '../../engine/order.js'
import { fail } from '../../exchange/api-failure.js'
import { moneyText, priceText, qtyText } from '../../exchange/units.js'
import { orderStatusReport } from '../format/orders.js'
import { accountOf, type Handler } from './context.js'
import { limitOf } from './limit-of.js'
import { millis } from './market.js'

const DAY_MS = 86_400_000

export const accountStatus: Handler<'account.status'> = (ctx, p) => {
  const account = accountOf(ctx)
  const { rates } = account
  const held = ctx.exchange.balances
  const assets = new Set(held.holdings(account.id).keys())
  for (const s of ctx.exchange.symbols.values()) assets.add(s.spec.baseAsset).add(s.spec.quoteAsset)
  const balances: Balance[] = []
  for (const asset of [...assets].sort()) {
    const h = held.balance(account.id, asset)
    if (p.omitZeroBalances === true && h.free === 0n && h.locked === 0n) continue
    balances.push({ asset, free: moneyText(h.free), locked: moneyText(h.locked) })
  }
  const bps = (units: bigint) => Number(units / 10_000n)
  return {
    makerCommission: bps(rates.maker),
    takerCommission: bps(rates.taker),
    buyerCommission: bps(rates.buyer),
    sellerCommission: bps(rates.seller),
    canTrade: account.permissions.has('TRADE') && account.options.canTrade !== false,
    canWithdraw: true,
    canDeposit: true,
    commissionRates: {
      maker: moneyText(rates.maker),
      taker: moneyText(rates.taker),
      buyer: moneyText(rates.buyer),
      seller: moneyText(rates.seller),
    },
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: account.options.preventSor === true,
    updateTime: account.updateTime,
    accountType: 'SPOT',
    balances,
    permissions: [...account.tradingPermissions],
    uid: account.uid,
  }
}

export const orderStatus: Handler<'order.status'> = (ctx, p) => {
  const account = accountOf(ctx)
  const ref = { orderId: p.orderId, clientOrderId: p.origClientOrderId }
  return orderStatusReport(ctx.exchange.order(account.id, p.symbol, ref, ctx.now))
}

export const openOrdersStatus: Handler<'openOrders.status'> = (ctx, p) => {
  const account = accountOf(ctx)
  const symbols = p.symbol === undefined ? [...ctx.exchange.symbols.keys()] : [p.symbol]
  const open: Order[] = []
  for (const symbol of symbols) {
    open.push(...ctx.exchange.book(symbol).openOrders(account.id))
  }
  return open.map(orderStatusReport)
}

export const myTrades: Handler<'myTrades'> = (ctx, p) => {
  const account = accountOf(ctx)
  const ranged = p.startTime !== undefined || p.endTime !== undefined
  if (ranged && (p.fromId !== undefined || p.orderId !== undefined)) fail('OPTIONAL_PARAMS_BAD_COMBO')
  const start = millis(p.startTime)
  const end = millis(p.endTime)
  if (start !== undefined && end !== undefined && end - start > DAY_MS) fail('MORE_THAN_XX_HOURS', 24)
  const limit = limitOf(p.limit)
  const market = ctx.exchange.book(p.symbol).market
  const list = ctx.exchange.trades(account.id, p.symbol, {
    orderId: p.orderId,
    fromId: p.fromId,
    startTime: start,
    endTime: end,
    limit,
    oldest: p.fromId !== undefined || start !== undefined,
  })
  return list.map(
    (t): MyTrade => ({
      symbol: p.symbol,
      id: t.id,
      orderId: t.orderId,
      orderListId: t.orderListId,
      price: priceText(market, t.price),
      qty: qtyText(market, t.qty),
      quoteQty: moneyText(t.quote),
      commission: moneyText(t.commission),
      commissionAsset: t.commissionAsset,
      time: t.time,
      isBuyer: t.isBuyer,
      isMaker: t.isMaker,
      isBestMatch: true,
    }),
  )
}
