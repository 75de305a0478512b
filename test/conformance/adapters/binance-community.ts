// The community `binance` package (its WebsocketAPIClient), unmodified, behind the conformance interface.
import { getOrderIdPrefix, WebsocketAPIClient } from 'binance'
import type {
  AdapterFactory,
  ApiErrorBody,
  ConformanceAdapter,
  Credentials,
  Target,
  UserEvent,
} from '../adapter.js'
import { toBalances, toBook, toOrder, toOrderList, toRules } from '../normalize.js'

const WS_API_PATH = '/ws-api/v3'

/** The package appends `/ws-api/v3` to its `wsUrl` option itself. */
function baseUrl(url: string): string {
  return url.endsWith(WS_API_PATH) ? url.slice(0, -WS_API_PATH.length) : url
}

/** Errors logged by the package (its info and trace output is dropped). */
const loggedErrors: unknown[][] = []
const logger = { trace: () => {}, info: () => {}, error: (...p: unknown[]) => void loggedErrors.push(p) }

function apiError(err: unknown): ApiErrorBody | undefined {
  const e = (err as { error?: Partial<ApiErrorBody> } | null)?.error
  return e && typeof e.code === 'number' && typeof e.msg === 'string' ? (e as ApiErrorBody) : undefined
}

/** Signed WS API methods need `timestamp`; this package never adds one, and its param types omit it for some. */
const stamped = <T extends object>(params: T): T & { timestamp: number } => ({
  ...params,
  timestamp: Date.now(),
})

async function create(target: Target, credentials: Credentials): Promise<ConformanceAdapter> {
  const c = new WebsocketAPIClient(
    {
      api_key: credentials.apiKey,
      api_secret: credentials.kind === 'HMAC' ? credentials.apiSecret : credentials.privateKeyPem,
      wsUrl: baseUrl(target.url),
      attachEventListeners: false,
      muteLatencyWarning: true,
    },
    logger,
  )
  let onUserEvent: ((e: UserEvent) => void) | undefined
  c.getWSClient().on('message', (m: unknown) => {
    if (m && typeof m === 'object' && typeof (m as { e?: unknown }).e === 'string')
      onUserEvent?.(m as UserEvent)
  })
  const adapter: ConformanceAdapter = {
    // The package expects its broker prefix on custom order ids (it warns otherwise) and exports it for this.
    clientOrderId: (id) => `x-${getOrderIdPrefix('spot', 'v2')}${id}`,
    time: async () => (await c.getSpotServerTime()).result.serverTime,
    rules: async (symbol) => toRules((await c.getSpotExchangeInfo({ symbol })).result, symbol),
    depth: async (symbol, limit) => toBook((await c.getSpotOrderBook({ symbol, limit })).result),
    tickerPrice: async (symbol) => {
      const r = (await c.getSpotSymbolPriceTicker({ symbol })).result
      return String((Array.isArray(r) ? r[0] : r)?.price)
    },
    placeLimit: async (p) =>
      toOrder(
        (
          await c.submitNewSpotOrder(
            stamped({
              symbol: p.symbol,
              side: p.side,
              type: 'LIMIT' as const,
              timeInForce: 'GTC' as const,
              price: p.price,
              quantity: p.quantity,
              newClientOrderId: p.clientOrderId,
            }),
          )
        ).result,
      ),
    placeMarket: async (p) =>
      toOrder(
        (
          await c.submitNewSpotOrder(
            stamped({
              symbol: p.symbol,
              side: p.side,
              type: 'MARKET' as const,
              quantity: p.quantity,
              newClientOrderId: p.clientOrderId,
              newOrderRespType: 'FULL' as const,
            }),
          )
        ).result,
      ),
    orderStatus: async (symbol, orderId) =>
      toOrder((await c.getSpotOrderStatus(stamped({ symbol, orderId }))).result),
    cancelOrder: async (symbol, orderId) =>
      toOrder((await c.cancelSpotOrder(stamped({ symbol, orderId }))).result),
    placeOco: async (p) =>
      toOrderList(
        (
          await c.placeSpotOCOOrderList(
            stamped({
              symbol: p.symbol,
              side: p.side,
              quantity: p.quantity,
              aboveType: 'LIMIT_MAKER' as const,
              abovePrice: p.abovePrice,
              belowType: 'STOP_LOSS_LIMIT' as const,
              belowStopPrice: p.belowStopPrice,
              belowPrice: p.belowPrice,
              belowTimeInForce: 'GTC',
              listClientOrderId: p.listClientOrderId,
            }),
          )
        ).result,
      ),
    cancelOrderList: async (symbol, orderListId) =>
      toOrderList((await c.cancelSpotOrderList(stamped({ symbol, orderListId }))).result),
    balances: async () =>
      toBalances((await c.getSpotAccountInformation(stamped({ omitZeroBalances: true }))).result),
    subscribeUserData: async (onEvent) => {
      onUserEvent = onEvent
      await c.subscribeUserDataStream('mainWSAPI')
      return {
        close: async () => {
          onUserEvent = undefined
          await c.unsubscribeUserDataStream('mainWSAPI')
        },
      }
    },
    apiError,
    close: () => c.disconnectAll(),
  }
  return adapter
}

export const binanceCommunity: AdapterFactory = {
  client: 'binance',
  create,
}
