// Whether a response frame is one the spec allows: 200 with a result, or a 4xx whose code, status and
// message are an entry of the error table (spec/errors.md) with its `%s` filled in.
import { API_ERRORS, ME_MESSAGES } from '../../src/protocol/errors.js'

const FILTER_TYPES = [
  'PRICE_FILTER',
  'PERCENT_PRICE',
  'PERCENT_PRICE_BY_SIDE',
  'LOT_SIZE',
  'MIN_NOTIONAL',
  'NOTIONAL',
  'ICEBERG_PARTS',
  'MARKET_LOT_SIZE',
  'MAX_NUM_ORDERS',
  'MAX_NUM_ALGO_ORDERS',
  'MAX_NUM_ICEBERG_ORDERS',
  'MAX_POSITION',
  'TRAILING_DELTA',
  'MAX_NUM_ORDER_AMENDS',
  'MAX_NUM_ORDER_LISTS',
  'EXCHANGE_MAX_NUM_ORDERS',
  'EXCHANGE_MAX_NUM_ALGO_ORDERS',
  'EXCHANGE_MAX_NUM_ICEBERG_ORDERS',
  'EXCHANGE_MAX_NUM_ORDER_LISTS',
  'T_PLUS_SELL',
]

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const ME = new Set<string>(Object.values(ME_MESSAGES))
/** Codes whose whole message is a matching-engine message. */
const ME_CODES = new Set([-1010, -2010, -2011, -2038])

interface Rule {
  readonly code: number
  readonly status: number
  readonly pattern: RegExp
}

const RULES: readonly Rule[] = Object.values(API_ERRORS).map((d) => ({
  code: d.code,
  status: d.status,
  pattern: new RegExp(`^${d.msg.split('%s').map(escapeRegExp).join('[^]+?')}$`),
}))

/** Why the frame is not an acceptable answer, or undefined if it is one. */
export function answerProblem(frame: Record<string, unknown>): string | undefined {
  const status = frame['status']
  if (typeof status !== 'number') return `no numeric status: ${JSON.stringify(frame).slice(0, 300)}`
  if (status === 200) return 'result' in frame ? undefined : 'status 200 without result'
  if (status < 400 || status >= 500) return `status ${status}: ${JSON.stringify(frame).slice(0, 300)}`
  const error = frame['error'] as { code?: unknown; msg?: unknown } | undefined
  if (!error || typeof error.code !== 'number' || typeof error.msg !== 'string') {
    return `4xx without {code, msg}: ${JSON.stringify(frame).slice(0, 300)}`
  }
  const { code, msg } = error
  if (ME_CODES.has(code)) {
    return ME.has(msg) || msg === 'NEW_ORDER_REJECTED' || msg === 'CANCEL_REJECTED'
      ? undefined
      : `${code} with a message that is no ME message: ${msg}`
  }
  if (code === -1013 && msg.startsWith('Filter failure: ')) {
    return FILTER_TYPES.includes(msg.slice('Filter failure: '.length)) ? undefined : `unknown filter: ${msg}`
  }
  const rules = RULES.filter((r) => r.code === code)
  if (rules.length === 0) return `code ${code} is not in the error table`
  const byMsg = rules.filter((r) => r.pattern.test(msg))
  if (byMsg.length === 0) return `code ${code} with a message not in the table: ${msg}`
  if (!byMsg.some((r) => r.status === status)) return `code ${code} "${msg}" with status ${status}`
  return undefined
}
