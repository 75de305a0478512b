// The server-clock offset, from several `time` samples: the one with the smallest round trip wins, and a sample
// whose round trip exceeds a bound is never applied (a held answer would otherwise skew every timestamp).
import type { ResponseFrame } from '../protocol/envelope.js'
import { epochMs } from './epoch-ms.js'
import type { Timers } from './timers.js'

export interface ServerClockOptions {
  /** `time` requests per sync, sent together (default 3). */
  samples: number
  /** A sample whose round trip is longer than this many ms is discarded (default 1000). */
  maxRoundTrip: number
}

/** One measurement: the server's time against the local send and receive times. */
interface Sample {
  offset: number
  roundTrip: number
}

function sampleOf(frame: ResponseFrame, sent: number, received: number): Sample | undefined {
  const serverTime = 'result' in frame ? (frame.result as { serverTime?: unknown }).serverTime : undefined
  if (typeof serverTime !== 'number' || !Number.isFinite(serverTime)) return undefined
  return { offset: Math.round(epochMs(serverTime) - (sent + received) / 2), roundTrip: received - sent }
}

/** Local clock plus the measured offset; `sync` refines it, never with a slow sample. */
export class ServerClock {
  readonly #timers: Timers
  readonly #options: ServerClockOptions
  #offset = 0
  /** Round trip of the sample in use, once one is: half of it bounds the offset's error. */
  #roundTrip: number | undefined

  constructor(timers: Timers, options: ServerClockOptions) {
    this.#timers = timers
    this.#options = options
  }

  /** Server time as estimated now. */
  now(): number {
    return this.#timers.now() + this.#offset
  }

  /** How far `now()` may be from the server's clock, in ms (half the round trip of the sample in use). */
  get uncertainty(): number {
    return Math.ceil((this.#roundTrip ?? 0) / 2)
  }

  /**
   * Sends `samples` time requests at once through `send`; resolves once the first usable one is applied (or all are
   * settled, none usable: the offset stays). Later answers still replace it if their round trip is smaller. Every
   * frame goes to `observe` (rate-limit usage). Rejects only when every request failed.
   */
  sync(send: () => Promise<ResponseFrame>, observe: (frame: ResponseFrame) => void): Promise<void> {
    let best: number | undefined
    return new Promise((resolve, reject) => {
      let left = this.#options.samples
      let failure: unknown
      let answered = false
      const settle = () => {
        if (--left > 0) return
        if (answered) resolve()
        else reject(failure)
      }
      for (let i = 0; i < this.#options.samples; i++) {
        const sent = this.#timers.now()
        send().then(
          (frame) => {
            answered = true
            observe(frame)
            const s = sampleOf(frame, sent, this.#timers.now())
            if (
              s &&
              s.roundTrip <= this.#options.maxRoundTrip &&
              (best === undefined || s.roundTrip < best)
            ) {
              best = s.roundTrip
              this.#offset = s.offset
              this.#roundTrip = s.roundTrip
              resolve()
            }
            settle()
          },
          (err: unknown) => {
            failure ??= err
            settle()
          },
        )
      }
    })
  }
}
