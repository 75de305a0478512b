import { describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS } from '../../exchange/default-symbols.js'
import { Exchange } from '../../exchange/exchange.js'
import { EmulatorClock } from '../server-life/clock.js'
import { diffDepthIntervals } from './diff-depth.js'
import { MarketStreams, type StreamSink } from './market-streams.js'

const T0 = Date.UTC(2025, 2, 1)

/** A subscriber that keeps the stream name of each payload it is given. */
class Names implements StreamSink {
  readonly got: string[] = []
  readonly payloads: unknown[] = []
  deliver(stream: string, payload: unknown): void {
    this.got.push(stream)
    this.payloads.push(payload)
  }
}

function market(source: () => number = () => T0 + 400) {
  const exchange = new Exchange({
    symbols: DEFAULT_SYMBOLS,
    accounts: [],
    liquidity: undefined,
    seed: 1,
    commission: undefined,
    startTime: T0,
  })
  const clock = new EmulatorClock(source)
  const streams = new MarketStreams(exchange, clock, diffDepthIntervals())
  const subscribe = (sink: StreamSink, name: string) => {
    const parsed = streams.parse(name)
    if (parsed.kind !== 'stream') throw new Error(name)
    streams.add(sink, name, parsed.spec)
  }
  return { clock, streams, subscribe }
}

describe('periodic streams on the emulator clock', () => {
  it('arm one clock timer while a periodic stream has a subscriber, at the smallest speed, and none after', () => {
    const { clock, streams, subscribe } = market()
    const sink = new Names()
    subscribe(sink, 'btcusdt@trade')
    expect(clock.pending).toBe(0)
    subscribe(sink, 'btcusdt@ticker')
    subscribe(sink, 'ethusdt@avgPrice')
    expect(clock.pending).toBe(1)
    clock.advance(1000)
    expect(sink.got).toEqual(['btcusdt@ticker', 'ethusdt@avgPrice'])
    subscribe(sink, 'btcusdt@depth5@100ms')
    expect(clock.pending).toBe(1)
    sink.got.length = 0
    clock.advance(1000)
    expect(sink.got.filter((n) => n === 'btcusdt@depth5@100ms')).toHaveLength(10)
    expect(sink.got.filter((n) => n === 'btcusdt@ticker')).toHaveLength(1)
    for (const name of ['btcusdt@ticker', 'ethusdt@avgPrice', 'btcusdt@depth5@100ms'])
      streams.remove(sink, name)
    expect(clock.pending).toBe(0)
    sink.got.length = 0
    clock.advance(5000)
    expect(sink.got).toEqual([])
  })

  it('a timer late after a stall of real time sends the updates due meanwhile: no kline_1s bar is skipped', () => {
    let now = T0 + 400
    const { clock, subscribe } = market(() => now)
    const sink = new Names()
    subscribe(sink, 'btcusdt@kline_1s')
    now = T0 + 4500 // the event loop was busy: the timer of T0 + 1 s fires only now
    clock.fireDue()
    const bars = sink.payloads.map((p) => (p as { k: { t: number; x: boolean } }).k)
    expect(bars.map((k) => [k.t, k.x])).toEqual([0, 1000, 2000, 3000].map((t) => [T0 + t, true]))
    expect(clock.nextDue()).toBe(T0 + 5000)
  })
})
