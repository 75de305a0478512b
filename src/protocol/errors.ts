// The error table: every API error the spec defines, one key per exact message variant.
import type { ApiErrorBody } from './envelope.js'

/** Error code and exact message; `%s` marks are filled in order by `apiError`. */
export interface ErrorDef {
  readonly code: number
  readonly msg: string
  /** Envelope status the server answers with. */
  readonly status: number
}

export const API_ERRORS = {
  UNKNOWN: { code: -1000, status: 500, msg: 'An unknown error occurred while processing the request.' },
  DISCONNECTED: {
    code: -1001,
    status: 503,
    msg: 'Internal error; unable to process your request. Please try again.',
  },
  UNAUTHORIZED: { code: -1002, status: 401, msg: 'You are not authorized to execute this request.' },
  TOO_MUCH_WEIGHT: {
    code: -1003,
    status: 429,
    msg: 'Too much request weight used; current limit is %s request weight per %s. Please use WebSocket Streams for live updates to avoid polling the API.',
  },
  IP_BANNED: {
    code: -1003,
    status: 418,
    msg: 'Way too much request weight used; IP banned until %s. Please use WebSocket Streams for live updates to avoid bans.',
  },
  TIMEOUT: {
    code: -1007,
    status: 408,
    msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  },
  FILTER_FAILURE: { code: -1013, status: 400, msg: 'Filter failure: %s' },
  TOO_MANY_ORDERS: {
    code: -1015,
    status: 429,
    msg: 'Too many new orders; current limit is %s orders per %s.',
  },
  UNSUPPORTED_OPERATION: { code: -1020, status: 400, msg: 'This operation is not supported.' },
  TIMESTAMP_OUTSIDE_RECV_WINDOW: {
    code: -1021,
    status: 400,
    msg: 'Timestamp for this request is outside of the recvWindow.',
  },
  TIMESTAMP_AHEAD: {
    code: -1021,
    status: 400,
    msg: "Timestamp for this request was 1000ms ahead of the server's time.",
  },
  INVALID_SIGNATURE: { code: -1022, status: 400, msg: 'Signature for this request is not valid.' },
  MANDATORY_PARAM: {
    code: -1102,
    status: 400,
    msg: "Mandatory parameter '%s' was not sent, was empty/null, or malformed.",
  },
  PARAM_EITHER: {
    code: -1102,
    status: 400,
    msg: "Param '%s' or '%s' must be sent, but both were empty/null!",
  },
  PARAM_TOO_LARGE: {
    code: -1102,
    status: 400,
    msg: "'%s' contains unexpected value. Cannot be greater than %s.",
  },
  UNKNOWN_PARAM: { code: -1103, status: 400, msg: 'An unknown parameter was sent.' },
  PARAM_NOT_REQUIRED: { code: -1106, status: 400, msg: "Parameter '%s' sent when not required." },
  BAD_PRECISION: { code: -1111, status: 400, msg: "Parameter '%s' has too much precision." },
  TIF_NOT_REQUIRED: { code: -1114, status: 400, msg: 'TimeInForce parameter sent when not required.' },
  INVALID_TIF: { code: -1115, status: 400, msg: 'Invalid timeInForce.' },
  INVALID_ORDER_TYPE: { code: -1116, status: 400, msg: 'Invalid orderType.' },
  INVALID_SIDE: { code: -1117, status: 400, msg: 'Invalid side.' },
  EMPTY_NEW_CL_ORD_ID: { code: -1118, status: 400, msg: 'New client order ID was empty.' },
  EMPTY_ORG_CL_ORD_ID: { code: -1119, status: 400, msg: 'Original client order ID was empty.' },
  BAD_INTERVAL: { code: -1120, status: 400, msg: 'Invalid interval.' },
  BAD_SYMBOL: { code: -1121, status: 400, msg: 'Invalid symbol.' },
  INVALID_PARAMETER: { code: -1130, status: 400, msg: "Data sent for parameter '%s' is not valid." },
  INVALID_JSON: { code: -1135, status: 400, msg: 'Invalid JSON Request' },
  NEW_ORDER_REJECTED: { code: -2010, status: 400, msg: '%s' },
  CANCEL_REJECTED: { code: -2011, status: 400, msg: '%s' },
  NO_SUCH_ORDER: { code: -2013, status: 400, msg: 'Order does not exist.' },
  BAD_API_KEY_FMT: { code: -2014, status: 400, msg: 'API-key format invalid.' },
  REJECTED_MBX_KEY: { code: -2015, status: 400, msg: 'Invalid API-key, IP, or permissions for action.' },
  SUBSCRIPTION_ACTIVE: { code: -2035, status: 400, msg: 'User Data Stream subscription already active.' },
  SUBSCRIPTION_INACTIVE: { code: -2036, status: 400, msg: 'User Data Stream subscription not active.' },
  CLIENT_ORDER_ID_INVALID: {
    code: -2039,
    status: 400,
    msg: 'Client order ID is not correct for this order ID.',
  },
} as const satisfies Record<string, ErrorDef>

export type ApiErrorKey = keyof typeof API_ERRORS

/** The error body for `key`, with each `%s` replaced by the next argument. */
export function apiError(key: ApiErrorKey, ...args: (string | number)[]): ApiErrorBody {
  const def: ErrorDef = API_ERRORS[key]
  let i = 0
  const msg = def.msg.replace(/%s/g, () => String(args[i++] ?? ''))
  return { code: def.code, msg }
}

/** Exact matching-engine messages carried by -2010 (place), -2011 (cancel) and -2038 (amend). */
export const ME_MESSAGES = {
  UNKNOWN_ORDER: 'Unknown order sent.',
  DUPLICATE_ORDER: 'Duplicate order sent.',
  MARKET_CLOSED: 'Market is closed.',
  INSUFFICIENT_BALANCE: 'Account has insufficient balance for requested action.',
  MARKET_NOT_SUPPORTED: 'Market orders are not supported for this symbol.',
  WOULD_MATCH_IMMEDIATELY: 'Order would immediately match and take.',
  WOULD_TRIGGER_IMMEDIATELY: 'Order would trigger immediately.',
  PRICE_QTY_ZERO: 'Price * QTY is zero or less.',
  UNSUPPORTED_COMBINATION: 'Unsupported order combination',
  QUOTE_QTY_NOT_SUPPORTED: 'Quote order qty market orders are not support for this symbol.',
  LIQUIDITY_BELOW_LOT_SIZE: 'Order book liquidity is less than LOT_SIZE filter minimum quantity.',
  LIQUIDITY_BELOW_MARKET_LOT_SIZE:
    'Order book liquidity is less than MARKET_LOT_SIZE filter minimum quantity.',
  LIQUIDITY_BELOW_SYMBOL_MIN: 'Order book liquidity is less than symbol minimum quantity.',
} as const
