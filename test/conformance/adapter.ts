// What the conformance scenario needs from a client: one small interface, implemented once per client.

/** Which kind of API key an adapter signs with. */
export type KeyKind = 'HMAC' | 'RSA' | 'ED25519'

/** Credentials for one account on the target (emulator or testnet). */
export type Credentials =
  | { kind: 'HMAC'; apiKey: string; apiSecret: string }
  | { kind: 'RSA' | 'ED25519'; apiKey: string; privateKeyPem: string }

/** Where a suite runs: a WebSocket API URL, and whether it is the local emulator. */
export interface Target {
  readonly url: string
  readonly emulator: boolean
  readonly symbol: string
}

/** The API's error body as each client surfaces it. */
export interface ApiErrorBody {
  code: number
  msg: string
  data?: unknown
}

export interface SymbolRules {
  symbol: string
  baseAsset: string
  quoteAsset: string
  tickSize: string
  stepSize: string
  minQty: string
  minNotional: string
  orderTypes: string[]
  ocoAllowed: boolean
}

export interface Book {
  bids: [string, string][]
  asks: [string, string][]
}

export interface Fill {
  price: string
  qty: string
  commission: string
  commissionAsset: string
}

export interface Order {
  orderId: number
  clientOrderId: string
  status: string
  type: string
  side: string
  price: string
  origQty: string
  executedQty: string
  cummulativeQuoteQty: string
  fills?: Fill[]
}

export interface OrderList {
  orderListId: number
  listClientOrderId: string
  contingencyType: string
  listStatusType: string
  listOrderStatus: string
  orders: { orderId: number; clientOrderId: string }[]
}

export interface Balance {
  asset: string
  free: string
  locked: string
}

/** A user data event as it arrives: `e` names its type. */
export type UserEvent = { e: string } & Record<string, unknown>

interface LimitParams {
  symbol: string
  side: 'BUY' | 'SELL'
  price: string
  quantity: string
  clientOrderId: string
}

interface MarketParams {
  symbol: string
  side: 'BUY' | 'SELL'
  quantity: string
  clientOrderId: string
}

interface OcoParams {
  symbol: string
  side: 'SELL'
  quantity: string
  abovePrice: string
  belowStopPrice: string
  belowPrice: string
  listClientOrderId: string
}

/** A live user data subscription; its events go to the `onEvent` given at subscription, in arrival order. */
interface UserDataSubscription {
  close(): Promise<void>
}

/** One client driven through its own public API. */
export interface ConformanceAdapter {
  /** The client order id to send for the scenario's `id` (a client may require its own prefix). */
  clientOrderId?(id: string): string
  time(): Promise<number>
  rules(symbol: string): Promise<SymbolRules>
  depth(symbol: string, limit: number): Promise<Book>
  tickerPrice(symbol: string): Promise<string>
  placeLimit(p: LimitParams): Promise<Order>
  placeMarket(p: MarketParams): Promise<Order>
  orderStatus(symbol: string, orderId: number): Promise<Order>
  cancelOrder(symbol: string, orderId: number): Promise<Order>
  placeOco(p: OcoParams): Promise<OrderList>
  cancelOrderList(symbol: string, orderListId: number): Promise<OrderList>
  balances(): Promise<Balance[]>
  /** Subscribes this account's user data stream; undefined when the client cannot with this key kind. */
  subscribeUserData?: (onEvent: (e: UserEvent) => void) => Promise<UserDataSubscription>
  /** The API error inside whatever the client rejected with, or undefined if it is something else. */
  apiError(err: unknown): ApiErrorBody | undefined
  close(): Promise<void>
}

/** How a suite makes its adapter. */
export interface AdapterFactory {
  readonly client: string
  create(target: Target, credentials: Credentials): Promise<ConformanceAdapter>
}
