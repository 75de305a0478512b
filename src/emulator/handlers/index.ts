// The handler of every catalogue method, and the param checks that run before authentication.
import type { Method, ParamsOf } from '../../protocol/methods.js'
import { accountStatus, myTrades, openOrdersStatus, orderStatus } from './account.js'
import type { HandlerTable } from './context.js'
import { exchangeInfo, ping, time } from './general.js'
import { avgPrice, depth, klines, tickerBook, tickerPrice, tradesRecent } from './market.js'
import { checkClientOrderId, checkOrderParams } from './order-params.js'
import { orderCancel, orderPlace, orderTest } from './orders.js'
import {
  sessionLogon,
  sessionLogout,
  sessionStatus,
  userDataStreamSubscribe,
  userDataStreamUnsubscribe,
} from './session.js'
import { notSupported } from './unsupported.js'

export const HANDLERS: HandlerTable = {
  ping,
  time,
  exchangeInfo,
  executionRules: notSupported,
  depth,
  'trades.recent': tradesRecent,
  'trades.historical': notSupported,
  'blockTrades.historical': notSupported,
  'trades.aggregate': notSupported,
  klines,
  uiKlines: notSupported,
  avgPrice,
  'ticker.24hr': notSupported,
  'ticker.tradingDay': notSupported,
  ticker: notSupported,
  'ticker.price': tickerPrice,
  'ticker.book': tickerBook,
  referencePrice: notSupported,
  'referencePrice.calculation': notSupported,
  'session.logon': sessionLogon,
  'session.status': sessionStatus,
  'session.logout': sessionLogout,
  'userDataStream.subscribe': userDataStreamSubscribe,
  'userDataStream.unsubscribe': userDataStreamUnsubscribe,
  'session.subscriptions': notSupported,
  'userDataStream.subscribe.signature': notSupported,
  'userDataStream.start': notSupported,
  'userDataStream.ping': notSupported,
  'userDataStream.stop': notSupported,
  'order.place': orderPlace,
  'order.test': orderTest,
  'order.cancel': orderCancel,
  'order.cancelReplace': notSupported,
  'order.amend.keepPriority': notSupported,
  'openOrders.cancelAll': notSupported,
  'orderList.place': notSupported,
  'orderList.place.oco': notSupported,
  'orderList.place.oto': notSupported,
  'orderList.place.otoco': notSupported,
  'orderList.place.opo': notSupported,
  'orderList.place.opoco': notSupported,
  'orderList.cancel': notSupported,
  'sor.order.place': notSupported,
  'sor.order.test': notSupported,
  'account.status': accountStatus,
  'order.status': orderStatus,
  'openOrders.status': openOrdersStatus,
  allOrders: notSupported,
  'orderList.status': notSupported,
  'openOrderLists.status': notSupported,
  allOrderLists: notSupported,
  myTrades,
  'account.rateLimits.orders': notSupported,
  myPreventedMatches: notSupported,
  myAllocations: notSupported,
  'account.commission': notSupported,
  'order.amendments': notSupported,
  myFilters: notSupported,
}

/** Checks of a method's params beyond its catalogue row; they run before authentication (DIGEST A23). */
export const PRECHECKS: { readonly [M in Method]?: (params: ParamsOf<M>) => void } = {
  'order.place': checkOrderParams,
  'order.test': checkOrderParams,
  'order.cancel': (p) => checkClientOrderId('newClientOrderId', p.newClientOrderId),
}
