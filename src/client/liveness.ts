// Dead-socket detection shared by the API and streams sockets: after `pingInterval` of silence send a ping; if
// nothing at all arrives within `pongTimeout` after it, the socket is dead.
import type { TimerHandle, Timers } from './timers.js'

export interface LivenessOptions {
  /** Send a ping after this many ms without any frame from the server. */
  pingInterval: number
  /** Declare the socket dead when nothing answers a ping within this many ms. */
  pongTimeout: number
}

export class Liveness {
  private timer: TimerHandle | undefined
  private awaitingPong = false
  private lastSeen = 0

  constructor(
    private readonly timers: Timers,
    private readonly options: LivenessOptions,
    /** Sends a ping; false when it was not sent (the rate limits allow no request now). */
    private readonly ping: () => boolean,
    /** The socket is dead: `reason` says why. Called once; the watch has stopped. */
    private readonly dead: (reason: string) => void,
  ) {}

  /** Starts watching an open socket. */
  start(): void {
    this.lastSeen = this.timers.now()
    this.arm(this.options.pingInterval)
  }

  /** Any frame from the server: the socket is alive. */
  seen(): void {
    this.lastSeen = this.timers.now()
    if (this.awaitingPong) {
      this.awaitingPong = false
      this.arm(this.options.pingInterval)
    }
  }

  stop(): void {
    this.timers.clearTimeout(this.timer)
    this.timer = undefined
  }

  private arm(ms: number): void {
    this.timers.clearTimeout(this.timer)
    this.timer = this.timers.setTimeout(() => this.check(), ms)
  }

  private check(): void {
    if (this.awaitingPong) {
      this.timer = undefined
      this.dead(`no pong within ${this.options.pongTimeout} ms`)
      return
    }
    const idle = this.timers.now() - this.lastSeen
    if (idle < this.options.pingInterval) {
      this.arm(this.options.pingInterval - idle)
      return
    }
    // A probe skipped (a 429/418 block or a full window, where the probe is a request) expects no answer: the socket
    // counts as alive until the next check, and any frame that arrives meanwhile still counts as seen. A socket that
    // died during a ban is found by the first probe after it (or by the close the runtime reports), not by sending
    // requests into the ban, which Binance escalates.
    if (!this.ping()) {
      this.arm(this.options.pingInterval)
      return
    }
    this.awaitingPong = true
    this.arm(this.options.pongTimeout)
  }
}
