// The handler of every catalogue method, and the param checks that run before authentication.
import type { Method, ParamsOf } from '../../../protocol/methods.js'
import { accountStatus, myTrades, openOrdersStatus, orderStatus } from './account.js'
import { accountCommission } from './account-commission.js'
import { myFilters } from './account-filters.js'
import { accountRateLimitsOrders } from './account-rate-limits.js'
import { orderAmendKeepPriority, orderAmendments } from './amend.js'
import { openOrdersCancelAll } from './cancel-all.js'
import { newOrderParams, orderCancelReplace } from './cancel-replace.js'
import type { HandlerTable } from './context.js'
import { exchangeInfo, ping, time } from './general.js'
import { LIST_PRECHECKS } from './lists/list-prechecks.js'
import {
  allOrderLists,
  openOrderListsStatus,
  orderListCancel,
  orderListStatusHandler,
} from './lists/list-queries.js'
import {
  orderListPlace,
  orderListPlaceOco,
  orderListPlaceOpo,
  orderListPlaceOpoco,
  orderListPlaceOto,
  orderListPlaceOtoco,
} from './lists/place-list.js'
import { avgPrice, depth, klines, tickerBook, tickerPrice } from './market.js'
import { executionRules, referencePriceCalculation, referencePriceHandler } from './market-reference.js'
import { ticker24hrHandler, tickerRolling, tickerTradingDay } from './market-tickers.js'
import {
  blockTradesHistorical,
  tradesAggregate,
  tradesHistorical,
  tradesRecent,
  uiKlines,
} from './market-trades.js'
import { allOrders, myPreventedMatches } from './order-history.js'
import { checkClientOrderId, checkOrderParams } from './order-params.js'
import { orderCancel, orderPlace, orderTest } from './orders.js'
import {
  sessionLogon,
  sessionLogout,
  sessionStatus,
  userDataStreamSubscribe,
  userDataStreamUnsubscribe,
} from './session.js'
import { userDataStreamPing, userDataStreamStart, userDataStreamStop } from './session-listen-key.js'
import { sessionSubscriptions, userDataStreamSubscribeSignature } from './session-subscriptions.js'
import { myAllocations, refuseNonSorParams, sorOrderPlace, sorOrderTest } from './sor.js'

export const HANDLERS: HandlerTable = {
  ping,
  time,
  exchangeInfo,
  executionRules: executionRules,
  depth,
  'trades.recent': tradesRecent,
  'trades.historical': tradesHistorical,
  'blockTrades.historical': blockTradesHistorical,
  'trades.aggregate': tradesAggregate,
  klines,
  uiKlines: uiKlines,
  avgPrice,
  'ticker.24hr': ticker24hrHandler,
  'ticker.tradingDay': tickerTradingDay,
  ticker: tickerRolling,
  'ticker.price': tickerPrice,
  'ticker.book': tickerBook,
  referencePrice: referencePriceHandler,
  'referencePrice.calculation': referencePriceCalculation,
  'session.logon': sessionLogon,
  'session.status': sessionStatus,
  'session.logout': sessionLogout,
  'userDataStream.subscribe': userDataStreamSubscribe,
  'userDataStream.unsubscribe': userDataStreamUnsubscribe,
  'session.subscriptions': sessionSubscriptions,
  'userDataStream.subscribe.signature': userDataStreamSubscribeSignature,
  'userDataStream.start': userDataStreamStart,
  'userDataStream.ping': userDataStreamPing,
  'userDataStream.stop': userDataStreamStop,
  'order.place': orderPlace,
  'order.test': orderTest,
  'order.cancel': orderCancel,
  'order.cancelReplace': orderCancelReplace,
  'order.amend.keepPriority': orderAmendKeepPriority,
  'openOrders.cancelAll': openOrdersCancelAll,
  'orderList.place': orderListPlace,
  'orderList.place.oco': orderListPlaceOco,
  'orderList.place.oto': orderListPlaceOto,
  'orderList.place.otoco': orderListPlaceOtoco,
  'orderList.place.opo': orderListPlaceOpo,
  'orderList.place.opoco': orderListPlaceOpoco,
  'orderList.cancel': orderListCancel,
  'sor.order.place': sorOrderPlace,
  'sor.order.test': sorOrderTest,
  'account.status': accountStatus,
  'order.status': orderStatus,
  'openOrders.status': openOrdersStatus,
  allOrders,
  'orderList.status': orderListStatusHandler,
  'openOrderLists.status': openOrderListsStatus,
  allOrderLists: allOrderLists,
  myTrades,
  'account.rateLimits.orders': accountRateLimitsOrders,
  myPreventedMatches,
  myAllocations: myAllocations,
  'account.commission': accountCommission,
  'order.amendments': orderAmendments,
  myFilters: myFilters,
}

/**
 * Checks of a method's params beyond its catalogue row; they run before authentication
 * (docs/emulator-fidelity.md A23).
 */
export const PRECHECKS: { readonly [M in Method]?: (params: ParamsOf<M>) => void } = {
  'order.place': checkOrderParams,
  'order.test': checkOrderParams,
  'sor.order.place': (p) => {
    refuseNonSorParams(p)
    checkOrderParams(p)
  },
  'sor.order.test': (p) => {
    refuseNonSorParams(p)
    checkOrderParams(p)
  },
  'order.cancel': (p) => checkClientOrderId('newClientOrderId', p.newClientOrderId),
  'order.cancelReplace': (p) => {
    checkOrderParams(newOrderParams(p))
    checkClientOrderId('cancelNewClientOrderId', p.cancelNewClientOrderId)
  },
  'order.amend.keepPriority': (p) => checkClientOrderId('newClientOrderId', p.newClientOrderId),
  ...LIST_PRECHECKS,
}
