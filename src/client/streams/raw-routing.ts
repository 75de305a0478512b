// Raw (`/ws`) payloads carry no stream name: find which subscribed stream a payload belongs to.
import { isObject } from '../../protocol/envelope.js'

/** The subscribed stream a raw payload came on; the only subscription when there is one; else a best match. */
export function rawStreamName(data: unknown, wanted: ReadonlySet<string>): string | undefined {
  if (wanted.size === 1) return wanted.values().next().value
  const has = (n: string) => (wanted.has(n) ? n : undefined)
  if (Array.isArray(data)) {
    const first = data[0] as { e?: string } | undefined
    if (first?.e === '24hrMiniTicker') return has('!miniTicker@arr')
    const w = first?.e?.replace(/Ticker$/, '')
    return w ? has(`!ticker_${w}@arr`) : undefined
  }
  if (!isObject(data)) return undefined
  if ('lastUpdateId' in data) {
    // Partial depth has no symbol: only unambiguous with one partial depth subscription.
    const partial = [...wanted].filter((n) => /@depth(5|10|20)/.test(n))
    return partial.length === 1 ? partial[0] : undefined
  }
  const s = typeof data['s'] === 'string' ? data['s'].toLowerCase() : undefined
  if (!s) return undefined
  const e = data['e']
  switch (e) {
    case undefined:
      return has(`${s}@bookTicker`)
    case 'depthUpdate':
      return has(`${s}@depth`) ?? has(`${s}@depth@100ms`)
    case 'kline': {
      const i = (data['k'] as { i?: string } | undefined)?.i
      return has(`${s}@kline_${i}`) ?? has(`${s}@kline_${i}@+08:00`)
    }
    case '24hrTicker':
      return has(`${s}@ticker`)
    case '24hrMiniTicker':
      return has(`${s}@miniTicker`)
    default:
      if (typeof e === 'string' && /^(1h|4h|1d)Ticker$/.test(e)) return has(`${s}@ticker_${e.slice(0, 2)}`)
      return typeof e === 'string' ? has(`${s}@${e}`) : undefined
  }
}
