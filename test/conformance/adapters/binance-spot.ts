// Binance's official `@binance/spot` connector (its WebsocketAPI), unmodified, behind the conformance interface.
import { Spot, SpotWebsocketAPI } from '@binance/spot'
import type {
  AdapterFactory,
  ApiErrorBody,
  ConformanceAdapter,
  Credentials,
  Target,
  UserEvent,
} from '../adapter.js'
import { toBalances, toBook, toOrder, toOrderList, toRules } from '../normalize.js'

const W = SpotWebsocketAPI

/** The connector types prices and quantities as numbers; it sends them back as plain decimal text. */
const n = (decimal: string): number => Number(decimal)

function apiError(err: unknown): ApiErrorBody | undefined {
  if (err === null || typeof err !== 'object') return undefined
  const e = err as Partial<ApiErrorBody>
  return typeof e.code === 'number' && typeof e.msg === 'string' ? (e as ApiErrorBody) : undefined
}

async function create(target: Target, credentials: Credentials): Promise<ConformanceAdapter> {
  const keys =
    credentials.kind === 'HMAC'
      ? { apiKey: credentials.apiKey, apiSecret: credentials.apiSecret }
      : { apiKey: credentials.apiKey, privateKey: credentials.privateKeyPem }
  const spot = new Spot({ configurationWebsocketAPI: { wsURL: target.url, ...keys } })
  const c = await spot.websocketAPI.connect()
  const adapter: ConformanceAdapter = {
    time: async () => Number((await c.time()).data.serverTime),
    rules: async (symbol) => toRules((await c.exchangeInfo({ symbol })).data, symbol),
    depth: async (symbol, limit) => toBook((await c.depth({ symbol, limit })).data),
    tickerPrice: async (symbol) => {
      const data = (await c.tickerPrice({ symbol })).data as { price?: string } | { price?: string }[]
      return String((Array.isArray(data) ? data[0] : data)?.price)
    },
    placeLimit: async (p) =>
      toOrder(
        (
          await c.orderPlace({
            symbol: p.symbol,
            side: W.OrderPlaceSideEnum[p.side],
            type: W.OrderPlaceTypeEnum.LIMIT,
            timeInForce: W.OrderPlaceTimeInForceEnum.GTC,
            price: n(p.price),
            quantity: n(p.quantity),
            newClientOrderId: p.clientOrderId,
          })
        ).data,
      ),
    placeMarket: async (p) =>
      toOrder(
        (
          await c.orderPlace({
            symbol: p.symbol,
            side: W.OrderPlaceSideEnum[p.side],
            type: W.OrderPlaceTypeEnum.MARKET,
            quantity: n(p.quantity),
            newClientOrderId: p.clientOrderId,
            newOrderRespType: W.OrderPlaceNewOrderRespTypeEnum.FULL,
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
            side: W.OrderListPlaceOcoSideEnum[p.side],
            quantity: n(p.quantity),
            aboveType: W.OrderListPlaceOcoAboveTypeEnum.LIMIT_MAKER,
            abovePrice: n(p.abovePrice),
            belowType: W.OrderListPlaceOcoBelowTypeEnum.STOP_LOSS_LIMIT,
            belowStopPrice: n(p.belowStopPrice),
            belowPrice: n(p.belowPrice),
            belowTimeInForce: W.OrderListPlaceOcoBelowTimeInForceEnum.GTC,
            listClientOrderId: p.listClientOrderId,
          })
        ).data,
      ),
    cancelOrderList: async (symbol, orderListId) =>
      toOrderList((await c.orderListCancel({ symbol, orderListId })).data),
    balances: async () => toBalances((await c.accountStatus({ omitZeroBalances: true })).data),
    apiError,
    close: () => c.disconnect(),
  }
  adapter.subscribeUserData = async (onEvent) => {
    let stream: { on(event: 'message', cb: (data: unknown) => void): void; unsubscribe(): void }
    if (credentials.kind === 'ED25519') {
      await c.sessionLogon()
      stream = (await c.userDataStreamSubscribe()).stream
    } else {
      stream = (await c.userDataStreamSubscribeSignature()).stream
    }
    stream.on('message', (data) => onEvent(data as UserEvent))
    return {
      close: async () => {
        stream.unsubscribe()
        await c.userDataStreamUnsubscribe()
      },
    }
  }
  return adapter
}

export const binanceSpot: AdapterFactory = {
  client: '@binance/spot',
  create,
}
