// Stream names of `web-socket-streams.md` parsed into what to publish; symbols must be listed and lowercase.
import { KLINE_INTERVAL, type KlineInterval } from '../../../protocol/enums.js'
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

const SIMPLE = new Set([
  'trade',
  'aggTrade',
  'bookTicker',
  'miniTicker',
  'ticker',
  'avgPrice',
  'referencePrice',
  'blockTrade',
] as const)
const WINDOWS: readonly string[] = ['1h', '4h', '1d']
const INTERVALS: readonly string[] = KLINE_INTERVAL

/** The stream a name denotes, or undefined when it is not a valid stream of a listed symbol. */
export function parseStreamName(name: string, isListed: (symbol: string) => boolean): StreamSpec | undefined {
  if (name === '!miniTicker@arr') return { kind: 'allMiniTicker' }
  const all = /^!ticker_(1h|4h|1d)@arr$/.exec(name)
  if (all) return { kind: 'allRolling', window: all[1] as RollingWindow }
  const at = name.indexOf('@')
  if (at <= 0) return undefined
  const lower = name.slice(0, at)
  const rest = name.slice(at + 1)
  if (lower !== lower.toLowerCase() || !/^[a-z0-9]+$/.test(lower)) return undefined
  const symbol = lower.toUpperCase()
  if (!isListed(symbol)) return undefined
  if (SIMPLE.has(rest as never)) return { kind: rest as 'trade', symbol }
  if (rest === 'depth' || rest === 'depth@100ms') return { kind: 'depth', symbol, fast: rest !== 'depth' }
  const partial = /^depth(5|10|20)(@100ms)?$/.exec(rest)
  if (partial) {
    return { kind: 'partialDepth', symbol, levels: Number(partial[1]) as 5, fast: partial[2] !== undefined }
  }
  const kline = /^kline_([0-9]+[smhdwM])(@\+08:00)?$/.exec(rest)
  if (kline && INTERVALS.includes(kline[1] as string)) {
    const offsetMs = kline[2] ? 8 * 3_600_000 : 0
    return { kind: 'kline', symbol, interval: kline[1] as KlineInterval, offsetMs }
  }
  const rolling = /^ticker_(\w+)$/.exec(rest)
  if (rolling && WINDOWS.includes(rolling[1] as string)) {
    return { kind: 'rolling', symbol, window: rolling[1] as RollingWindow }
  }
  return undefined
}
