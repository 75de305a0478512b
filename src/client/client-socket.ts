// One WebSocket's own life, shared by the API and the streams sockets: open, liveness, close once. Subclasses add
// what travels on it (requests and answers; control frames and payloads).
import { ConnectError } from './errors.js'
import { Liveness, type LivenessOptions } from './liveness.js'
import type { Timers } from './timers.js'
import { connectWire, type Wire } from './ws.js'

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
    liveness: LivenessOptions,
    private readonly batchWrites: boolean,
  ) {
    this.liveness = new Liveness(
      timers,
      liveness,
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
      const wire = await connectWire(
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

  /** Sends a liveness ping (where the platform can). */
  protected sendPing(): void {
    this.wire?.ping?.()
  }

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
