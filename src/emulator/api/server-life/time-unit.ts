// The `timeUnit` URL parameter: which values it accepts, and frames rewritten with µs timestamps.
import type { TimeUnit } from '../../../protocol/enums.js'
import { isObject } from '../../../protocol/envelope.js'

/** The connection's unit (any letter case): MILLISECOND when absent; undefined for a refused value (-1194). */
export function parseTimeUnit(value: string | null): TimeUnit | undefined {
  if (value === null) return 'MILLISECOND'
  const upper = value.toUpperCase()
  return upper === 'MICROSECOND' || upper === 'MILLISECOND' ? upper : undefined
}

/** Timestamp fields of results and `error.data`, at any depth. */
const RESULT_TIME_KEYS = new Set([
  'serverTime',
  'transactTime',
  'transactionTime',
  'workingTime',
  'time',
  'updateTime',
  'openTime',
  'closeTime',
  'authorizedSince',
  'connectedSince',
  'timestamp',
  'trailingTime',
  'retryAfter',
  'T',
])

/** Timestamp fields per event type (single letters mean different things in different events). */
const EVENT_TIME_KEYS: Readonly<Record<string, readonly string[]>> = {
  executionReport: ['E', 'T', 'O', 'W', 'D'],
  outboundAccountPosition: ['E', 'u'],
  balanceUpdate: ['E', 'T'],
  externalLockUpdate: ['E', 'T'],
  listStatus: ['E', 'T'],
}
const DEFAULT_EVENT_TIME_KEYS = ['E', 'T']

/** Kline rows: open time (0) and close time (6). */
const KLINE_TIME_INDEXES = [0, 6]

const micros = (v: unknown) => (typeof v === 'number' && v > 0 ? v * 1000 : v)

/** A response or event frame (JSON text) with every timestamp in microseconds. */
export function inMicroseconds(text: string): string {
  const frame = JSON.parse(text) as Record<string, unknown>
  const event = frame['event']
  if (isObject(event)) {
    const keys = EVENT_TIME_KEYS[String(event['e'])] ?? DEFAULT_EVENT_TIME_KEYS
    for (const k of keys) if (k in event) event[k] = micros(event[k])
    return JSON.stringify(frame)
  }
  if ('result' in frame) frame['result'] = resultInMicroseconds(frame['result'])
  const error = frame['error']
  if (isObject(error) && isObject(error['data'])) convertDeep(error['data'])
  return JSON.stringify(frame)
}

/** A result (parsed JSON) with every timestamp in microseconds; changes it in place. */
export function resultInMicroseconds(result: unknown): unknown {
  if (Array.isArray(result) && result.every(isKlineRow)) {
    for (const row of result) for (const i of KLINE_TIME_INDEXES) row[i] = micros(row[i])
    return result
  }
  convertDeep(result)
  return result
}

function convertDeep(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) convertDeep(v)
    return
  }
  if (!isObject(value)) return
  for (const [k, v] of Object.entries(value)) {
    if (RESULT_TIME_KEYS.has(k) && typeof v === 'number') value[k] = micros(v)
    else convertDeep(v)
  }
}

function isKlineRow(row: unknown): row is unknown[] {
  return Array.isArray(row) && row.length >= 7 && typeof row[0] === 'number' && typeof row[6] === 'number'
}
