// Every periodic stream of the emulator's default symbols (240 names, each published on the emulator's tick):
// what the hostile-client tests and `bench:hostile` subscribe to flood a connection.
import { DEFAULT_SYMBOLS } from '../../src/emulator/index.js'
import { KLINE_INTERVAL } from '../../src/protocol/enums.js'

export function periodicStreamNames(): string[] {
  const kinds = ['depth5', 'depth10', 'depth20'].flatMap((d) => [d, `${d}@100ms`, `${d}@1000ms`])
  kinds.push(...KLINE_INTERVAL.flatMap((i) => [`kline_${i}`, `kline_${i}@+08:00`]))
  kinds.push('miniTicker', 'ticker', 'ticker_1h', 'ticker_4h', 'ticker_1d', 'avgPrice', 'referencePrice')
  return DEFAULT_SYMBOLS.flatMap(({ symbol }) => kinds.map((k) => `${symbol.toLowerCase()}@${k}`))
}
