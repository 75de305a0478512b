// One WebSocket's own life, shared by the API and the streams sockets: open, liveness, close once. Subclasses add
// what travels on it (requests and answers; control frames and payloads).
import { ConnectError } from './errors.js'
import { Liveness, type LivenessOptions } from './liveness.js'
import { platform } from './platform.js'
import type { Timers } from './timers.js'
import type { Wire } from './wire.js'

/** What a connection lifecycle needs of a socket: the platform-neutral part of one. */
export interface ManagedSocket {
  readonly url: string
  readonly isOpen: boolean
  /** Opens the socket; rejects with ConnectError on refusal, unreachable host, timeout or abort. */
  open(timeoutMs: number, signal?: AbortSignal): Promise<void>
  /** Takes no new work and closes once the work in flight is answered (make-before-break renewal). */
  drain(): void
  /** Closes now; work in flight fails at once. Resolves when the socket is closed. */
  close(code?: number, reason?: string): Promise<void>
}

/** The socket classes' common part: a wire, its liveness watch and the one-time close. */
export abstract class ClientSocket implements ManagedSocket {
  protected wire: Wire | undefined
  protected closed = false
  /** Ends the handshake when the socket is closed before it opened. */
  private connecting: AbortController | undefined
  private readonly liveness: Liveness

  constructor(
    readonly url: string,
    protected readonly timers: Timers,
    protected readonly livenessOptions: LivenessOptions,
    private readonly batchWrites: boolean,
  ) {
    this.liveness = new Liveness(
      timers,
      livenessOptions,
      () => this.sendPing(),
      (reason) => {
        this.wire?.terminate()
        this.onSocketClose(1006, reason)
      },
    )
  }

  async open(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const connecting = new AbortController()
    const abort = () => connecting.abort(signal?.reason)
    if (signal?.aborted) abort()
    signal?.addEventListener('abort', abort, { once: true })
    this.connecting = connecting
    try {
      const wire = await platform().connectWire(
        this.url,
        { timeout: timeoutMs, signal: connecting.signal, batchWrites: this.batchWrites },
        {
          seen: () => this.liveness.seen(),
          text: (data) => this.onText(data),
          pinged: () => this.onPinged(),
          closed: (code, reason) => this.onSocketClose(code, reason),
        },
      )
      if (this.closed) {
        // Closed between the handshake's end and this continuation.
        wire.terminate()
        throw new ConnectError(`connect to ${this.url} aborted`)
      }
      this.wire = wire
      this.liveness.start()
    } catch (err) {
      this.closed = true
      throw err
    } finally {
      signal?.removeEventListener('abort', abort)
      this.connecting = undefined
    }
  }

  get isOpen(): boolean {
    return !this.closed && this.wire?.isOpen === true
  }

  /** A text frame from the server. */
  protected abstract onText(text: string): void

  /** The socket closed (once): fail what is pending and tell the owner. */
  protected abstract onClosed(code: number, reason: string): void

  abstract drain(): void

  /**
   * Sends a liveness ping: a ping frame where the platform can, else a request (its answer is traffic too). False when
   * nothing was sent (a request the rate limits do not allow now).
   */
  protected sendPing(): boolean {
    const ping = this.wire?.ping
    if (!ping) return this.requestPing()
    ping()
    return true
  }

  /**
   * Liveness where the platform cannot send ping frames (the standard WebSocket): a cheap request, answered within
   * the pong timeout by a live server. Its own outcome does not matter; any frame counts as seen. False when it was
   * not sent.
   */
  protected abstract requestPing(): boolean

  /** The server pinged. */
  protected onPinged(): void {}

  private onSocketClose(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.liveness.stop()
    this.onClosed(code, reason)
  }

  close(code = 1000, reason = 'client disconnect'): Promise<void> {
    this.connecting?.abort()
    const wire = this.wire
    this.onSocketClose(code, reason)
    return wire ? wire.close(code, reason) : Promise.resolve()
  }
}
