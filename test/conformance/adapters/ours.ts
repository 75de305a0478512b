// binance-spot-ws (this package) behind the conformance interface.
import { BinanceError, SpotWebsocketAPI } from '../../../src/client/index.js'
import type { AdapterFactory, ConformanceAdapter, Credentials, Target, UserEvent } from '../adapter.js'
import { toBalances, toBook, toOrder, toOrderList, toRules } from '../normalize.js'

async function create(target: Target, credentials: Credentials): Promise<ConformanceAdapter> {
  const keys =
    credentials.kind === 'HMAC'
      ? { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret }
      : { apiKey: credentials.apiKey, privateKey: credentials.privateKeyPem }
  const c = await new SpotWebsocketAPI({
    wsURL: target.url,
    ...keys,
    autoSessionLogon: credentials.kind === 'ED25519',
  }).connect()
  const adapter: ConformanceAdapter = {
    time: async () => (await c.time()).data.serverTime,
    rules: async (symbol) => toRules((await c.exchangeInfo({ symbol })).data, symbol),
    depth: async (symbol, limit) => toBook((await c.depth({ symbol, limit })).data),
    tickerPrice: async (symbol) => {
      const { data } = await c.tickerPrice({ symbol })
      return (Array.isArray(data) ? data[0] : data)?.price ?? ''
    },
    placeLimit: async (p) =>
      toOrder(
        (
          await c.orderPlace({
            symbol: p.symbol,
            side: p.side,
            type: 'LIMIT',
            timeInForce: 'GTC',
            price: p.price,
            quantity: p.quantity,
            newClientOrderId: p.clientOrderId,
          })
        ).data,
      ),
    placeMarket: async (p) =>
      toOrder(
        (
          await c.orderPlace({
            symbol: p.symbol,
            side: p.side,
            type: 'MARKET',
            quantity: p.quantity,
            newClientOrderId: p.clientOrderId,
            newOrderRespType: 'FULL',
          })
        ).data,
      ),
    orderStatus: async (symbol, orderId) => toOrder((await c.orderStatus({ symbol, orderId })).data),
    cancelOrder: async (symbol, orderId) => toOrder((await c.orderCancel({ symbol, orderId })).data),
    placeOco: async (p) =>
      toOrderList(
        (
          await c.orderListPlaceOco({
            symbol: p.symbol,
            side: p.side,
            quantity: p.quantity,
            aboveType: 'LIMIT_MAKER',
            abovePrice: p.abovePrice,
            belowType: 'STOP_LOSS_LIMIT',
            belowStopPrice: p.belowStopPrice,
            belowPrice: p.belowPrice,
            belowTimeInForce: 'GTC',
            listClientOrderId: p.listClientOrderId,
          })
        ).data,
      ),
    cancelOrderList: async (symbol, orderListId) =>
      toOrderList((await c.orderListCancel({ symbol, orderListId })).data),
    balances: async () => toBalances((await c.accountStatus({ omitZeroBalances: true })).data),
    apiError: (err) =>
      err instanceof BinanceError
        ? { code: err.code, msg: err.msg, ...(err.data === undefined ? {} : { data: err.data }) }
        : undefined,
    close: () => c.disconnect(),
  }
  adapter.subscribeUserData = async (onEvent) => {
    const { stream } =
      credentials.kind === 'ED25519'
        ? await c.userDataStreamSubscribe()
        : await c.userDataStreamSubscribeSignature()
    stream.on('*', (e) => onEvent(e as unknown as UserEvent))
    return { close: async () => void (await c.userDataStreamUnsubscribe()) }
  }
  return adapter
}

export const ours: AdapterFactory = {
  client: 'binance-spot-ws',
  create,
}
