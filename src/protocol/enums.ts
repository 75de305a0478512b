// Enumerations of the Spot API as `as const` arrays: the value lists are the types.

export const PERMISSIONS = [
  'SPOT',
  'MARGIN',
  'LEVERAGED',
  'TRD_GRP_002',
  'TRD_GRP_003',
  'TRD_GRP_004',
  'TRD_GRP_005',
  'TRD_GRP_006',
  'TRD_GRP_007',
  'TRD_GRP_008',
  'TRD_GRP_009',
  'TRD_GRP_010',
  'TRD_GRP_011',
  'TRD_GRP_012',
  'TRD_GRP_013',
  'TRD_GRP_014',
  'TRD_GRP_015',
  'TRD_GRP_016',
  'TRD_GRP_017',
  'TRD_GRP_018',
  'TRD_GRP_019',
  'TRD_GRP_020',
  'TRD_GRP_021',
  'TRD_GRP_022',
  'TRD_GRP_023',
  'TRD_GRP_024',
  'TRD_GRP_025',
] as const
export const SYMBOL_STATUS = ['TRADING', 'HALT', 'BREAK'] as const
export const KLINE_INTERVAL = [
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const
export const TICKER_TYPE = ['FULL', 'MINI'] as const
export const WINDOW = [
  '1m',
  '2m',
  '3m',
  '4m',
  '5m',
  '6m',
  '7m',
  '8m',
  '9m',
  '10m',
  '11m',
  '12m',
  '13m',
  '14m',
  '15m',
  '16m',
  '17m',
  '18m',
  '19m',
  '20m',
  '21m',
  '22m',
  '23m',
  '24m',
  '25m',
  '26m',
  '27m',
  '28m',
  '29m',
  '30m',
  '31m',
  '32m',
  '33m',
  '34m',
  '35m',
  '36m',
  '37m',
  '38m',
  '39m',
  '40m',
  '41m',
  '42m',
  '43m',
  '44m',
  '45m',
  '46m',
  '47m',
  '48m',
  '49m',
  '50m',
  '51m',
  '52m',
  '53m',
  '54m',
  '55m',
  '56m',
  '57m',
  '58m',
  '59m',
  '1h',
  '2h',
  '3h',
  '4h',
  '5h',
  '6h',
  '7h',
  '8h',
  '9h',
  '10h',
  '11h',
  '12h',
  '13h',
  '14h',
  '15h',
  '16h',
  '17h',
  '18h',
  '19h',
  '20h',
  '21h',
  '22h',
  '23h',
  '1d',
  '2d',
  '3d',
  '4d',
  '5d',
  '6d',
  '7d',
] as const
export const SIDE = ['BUY', 'SELL'] as const
export const ORDER_TYPE = [
  'LIMIT',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
  'LIMIT_MAKER',
] as const
export const TIF = ['GTC', 'IOC', 'FOK'] as const
export const RESP = ['ACK', 'RESULT', 'FULL'] as const
export const STP = ['NONE', 'EXPIRE_MAKER', 'EXPIRE_TAKER', 'EXPIRE_BOTH', 'DECREMENT', 'TRANSFER'] as const
export const PEG_PRICE = ['PRIMARY_PEG', 'MARKET_PEG'] as const
export const PEG_OFFSET = ['PRICE_LEVEL'] as const
export const CANCEL_RESTR = ['ONLY_NEW', 'ONLY_PARTIALLY_FILLED'] as const
export const CR_MODE = ['STOP_ON_FAILURE', 'ALLOW_FAILURE'] as const
export const ORL_MODE = ['DO_NOTHING', 'CANCEL_ONLY'] as const
export const OCO_ABOVE = [
  'STOP_LOSS_LIMIT',
  'STOP_LOSS',
  'LIMIT_MAKER',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
] as const
export const OCO_BELOW = [
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
  'LIMIT_MAKER',
] as const
export const WORKING_TYPE = ['LIMIT', 'LIMIT_MAKER'] as const
export const SOR_TYPE = ['LIMIT', 'MARKET'] as const

export const ORDER_STATUS = [
  'NEW',
  'PENDING_NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'PENDING_CANCEL',
  'REJECTED',
  'EXPIRED',
  'EXPIRED_IN_MATCH',
] as const
export const EXECUTION_TYPE = [
  'NEW',
  'CANCELED',
  'REPLACED',
  'REJECTED',
  'TRADE',
  'EXPIRED',
  'TRADE_PREVENTION',
] as const
export const EXPIRY_REASON = [
  'NONE',
  'REJECTED',
  'EXCHANGE_CANCELED',
  'OCO_TRIGGER',
  'OTO_PHASE_ONE_EXPIRED',
  'UNFILLED_IOC_QUANTITY_EXPIRED',
  'UNFILLED_FOK_ORDER_EXPIRED',
  'INSUFFICIENT_LIQUIDITY',
  'EXECUTION_RULE_PRICE_RANGE_EXCEEDED',
] as const
export const REJECT_REASON = [
  'NONE',
  'INSUFFICIENT_BALANCES',
  'STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY',
  'WOULD_MATCH_IMMEDIATELY',
  'OCO_BAD_PRICES',
] as const
export const CONTINGENCY_TYPE = ['OCO', 'OTO'] as const
export const LIST_STATUS_TYPE = ['RESPONSE', 'EXEC_STARTED', 'UPDATED', 'ALL_DONE'] as const
export const LIST_ORDER_STATUS = ['EXECUTING', 'ALL_DONE', 'REJECT'] as const
export const SYMBOL_TRADING_STATUS = ['TRADING', 'END_OF_DAY', 'HALT', 'BREAK'] as const
export const RATE_LIMIT_TYPE = ['REQUEST_WEIGHT', 'ORDERS', 'RAW_REQUESTS', 'CONNECTIONS'] as const
export const RATE_LIMIT_INTERVAL = ['SECOND', 'MINUTE', 'HOUR', 'DAY'] as const
export const SECURITY_TYPE = ['NONE', 'TRADE', 'USER_DATA', 'USER_STREAM', 'SIGNED'] as const
export const TIME_UNIT = ['MILLISECOND', 'MICROSECOND'] as const

export type Side = (typeof SIDE)[number]
export type OrderType = (typeof ORDER_TYPE)[number]
export type TimeInForce = (typeof TIF)[number]
export type OrderResponseType = (typeof RESP)[number]
export type SelfTradePreventionMode = (typeof STP)[number]
export type OrderStatus = (typeof ORDER_STATUS)[number]
export type ExecutionType = (typeof EXECUTION_TYPE)[number]
export type ExpiryReason = (typeof EXPIRY_REASON)[number]
export type RejectReason = (typeof REJECT_REASON)[number]
export type ContingencyType = (typeof CONTINGENCY_TYPE)[number]
export type ListStatusType = (typeof LIST_STATUS_TYPE)[number]
export type ListOrderStatus = (typeof LIST_ORDER_STATUS)[number]
export type SymbolTradingStatus = (typeof SYMBOL_TRADING_STATUS)[number]
/**
 * A symbol's `status` as `exchangeInfo` shows it: the statuses above and `CANCEL_ONLY` (CHANGELOG 2026-07-01), which
 * the emulator's symbols are never set to.
 */
export type SymbolStatusShown = SymbolTradingStatus | 'CANCEL_ONLY'
export type RateLimitType = (typeof RATE_LIMIT_TYPE)[number]
export type RateLimitInterval = (typeof RATE_LIMIT_INTERVAL)[number]

/** An interval's length in ms: a rate limit's window is `intervalNum` of them, aligned to the epoch. */
export const RATE_LIMIT_INTERVAL_MS: Readonly<Record<RateLimitInterval, number>> = {
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
}
export type SecurityType = (typeof SECURITY_TYPE)[number]
export type TimeUnit = (typeof TIME_UNIT)[number]
export type KlineInterval = (typeof KLINE_INTERVAL)[number]
export type PegPriceType = (typeof PEG_PRICE)[number]
export type Permission = (typeof PERMISSIONS)[number]
export type PegOffsetType = (typeof PEG_OFFSET)[number]

export const WORKING_FLOOR = ['EXCHANGE', 'SOR'] as const
export const ALLOCATION_TYPE = ['SOR'] as const
export const EXECUTION_RULE_TYPE = ['PRICE_RANGE'] as const
export type WorkingFloor = (typeof WORKING_FLOOR)[number]
export type AllocationType = (typeof ALLOCATION_TYPE)[number]
export type ExecutionRuleType = (typeof EXECUTION_RULE_TYPE)[number]
