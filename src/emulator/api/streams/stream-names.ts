// Stream names of `web-socket-streams.md` parsed into what to publish, or the reason a name is refused.

import { KLINE_INTERVAL, type KlineInterval } from '../../../protocol/enums.js'
import type { ApiErrorBody } from '../../../protocol/envelope.js'
import type { RollingWindow } from '../../../protocol/streams.js'

/** A parsed stream name. `symbol` is the exchange's (uppercase) symbol. */
export type StreamSpec =
  | {
      readonly kind:
        | 'trade'
        | 'aggTrade'
        | 'bookTicker'
        | 'miniTicker'
        | 'ticker'
        | 'avgPrice'
        | 'referencePrice'
        | 'blockTrade'
      readonly symbol: string
    }
  | { readonly kind: 'depth'; readonly symbol: string; readonly fast: boolean }
  | {
      readonly kind: 'partialDepth'
      readonly symbol: string
      readonly levels: 5 | 10 | 20
      readonly fast: boolean
    }
  | {
      readonly kind: 'kline'
      readonly symbol: string
      readonly interval: KlineInterval
      readonly offsetMs: number
    }
  | { readonly kind: 'rolling'; readonly symbol: string; readonly window: RollingWindow }
  | { readonly kind: 'allMiniTicker' }
  | { readonly kind: 'allRolling'; readonly window: RollingWindow }

/**
 * What a name of a URL or a SUBSCRIBE is: a stream; a stream-shaped name that is refused, and why; a name shaped
 * like a legacy listenKey (60 letters and digits); or none of these (ccxt's `/ws/0`), which a URL may carry.
 */
export type ParsedName =
  | { readonly kind: 'stream'; readonly spec: StreamSpec }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'listenKey' }
  | { readonly kind: 'other' }

const SIMPLE = [
  'trade',
  'aggTrade',
  'bookTicker',
  'miniTicker',
  'ticker',
  'avgPrice',
  'referencePrice',
  'blockTrade',
] as const
const WINDOWS: readonly string[] = ['1h', '4h', '1d'] satisfies readonly RollingWindow[]
const INTERVALS: readonly string[] = KLINE_INTERVAL
const LEVELS = ['5', '10', '20']
/** What `userDataStream.start` issued: 60 base62 characters. */
const LISTEN_KEY_SHAPE = /^[A-Za-z0-9]{60}$/

const TYPES = `${SIMPLE.join(', ')}, depth, depth<levels>, kline_<interval>, ticker_<window>`
const stream = (spec: StreamSpec): ParsedName => ({ kind: 'stream', spec })
const refused = (reason: string): ParsedName => ({ kind: 'refused', reason })

/** The control error and the refused upgrade's body for a name that is not a stream. */
export const invalidStream = (name: string, reason: string): ApiErrorBody => ({
  code: 2,
  msg: `Invalid request: invalid stream \`${name}\` (${reason})`,
})

/** `@100ms` and `@1000ms` of the depth streams (1000 ms is their default speed, also accepted when explicit). */
function depthSpeed(suffix: string | undefined): boolean | string {
  if (suffix === undefined || suffix === '@1000ms') return false
  if (suffix === '@100ms') return true
  return `the update speed of depth streams is @100ms or @1000ms, not ${suffix}`
}

function allMarket(name: string): ParsedName {
  if (name === '!miniTicker@arr' || name === '!miniTicker@arr@1000ms')
    return stream({ kind: 'allMiniTicker' })
  const rolling = /^!ticker_(\w+)@arr$/.exec(name)
  if (rolling) {
    const window = rolling[1] as string
    if (WINDOWS.includes(window)) return stream({ kind: 'allRolling', window: window as RollingWindow })
    return refused(`unknown window ${window}; windows are ${WINDOWS.join(', ')}`)
  }
  if (name === '!ticker@arr')
    return refused('!ticker@arr was retired on 2026-03-26; use <symbol>@ticker or !miniTicker@arr')
  return refused('all-market streams are !miniTicker@arr and !ticker_<window>@arr')
}

function ofSymbol(symbol: string, rest: string): ParsedName {
  if ((SIMPLE as readonly string[]).includes(rest)) return stream({ kind: rest as 'trade', symbol })
  const depth = /^depth(\d*)(@.*)?$/.exec(rest)
  if (depth) {
    const fast = depthSpeed(depth[2])
    if (typeof fast === 'string') return refused(fast)
    if (depth[1] === '') return stream({ kind: 'depth', symbol, fast })
    if (!LEVELS.includes(depth[1] as string)) return refused(`depth levels are 5, 10 or 20, not ${depth[1]}`)
    return stream({ kind: 'partialDepth', symbol, levels: Number(depth[1]) as 5, fast })
  }
  const kline = /^kline_([^@]*)(@.*)?$/.exec(rest)
  if (kline) {
    const interval = kline[1] as string
    if (!INTERVALS.includes(interval)) return refused(`unknown kline interval ${interval}`)
    if (kline[2] !== undefined && kline[2] !== '@+08:00') {
      return refused(`the only timezone of klines is @+08:00, not ${kline[2]}`)
    }
    const offsetMs = kline[2] ? 8 * 3_600_000 : 0
    return stream({ kind: 'kline', symbol, interval: interval as KlineInterval, offsetMs })
  }
  const rolling = /^ticker_([^@]*)(@.*)?$/.exec(rest)
  if (rolling) {
    const window = rolling[1] as string
    if (!WINDOWS.includes(window))
      return refused(`unknown window ${window}; windows are ${WINDOWS.join(', ')}`)
    if (rolling[2] !== undefined) return refused(`ticker_${window} takes no suffix: ${rolling[2]}`)
    return stream({ kind: 'rolling', symbol, window: window as RollingWindow })
  }
  const at = rest.indexOf('@')
  const type = at < 0 ? rest : rest.slice(0, at)
  if ((SIMPLE as readonly string[]).includes(type)) {
    return refused(`${type} takes no suffix: ${rest.slice(at)}`)
  }
  return refused(`unknown stream type ${type}; types are ${TYPES}`)
}

/** What `name` denotes; `isListed` says whether an uppercase symbol is traded here. */
export function parseStreamName(name: string, isListed: (symbol: string) => boolean): ParsedName {
  if (name.startsWith('!')) return allMarket(name)
  const at = name.indexOf('@')
  if (at < 0) return LISTEN_KEY_SHAPE.test(name) ? { kind: 'listenKey' } : { kind: 'other' }
  const lower = name.slice(0, at)
  if (lower === '') return refused('no symbol before @')
  if (!/^[a-z0-9]+$/.test(lower)) {
    return refused(/^[A-Za-z0-9]+$/.test(lower) ? 'symbols in stream names are lowercase' : 'not a symbol')
  }
  const symbol = lower.toUpperCase()
  if (!isListed(symbol)) return refused(`unknown symbol ${symbol}`)
  return ofSymbol(symbol, name.slice(at + 1))
}
