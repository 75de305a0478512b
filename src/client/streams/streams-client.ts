// The market data streams client: `/ws/<stream>` or `/stream?streams=…`, live SUBSCRIBE/UNSUBSCRIBE, typed
// events per stream, and reconnect with resubscribe under the same status events and liveness rules as the API.
import { EventEmitter } from 'node:events'
import type { StreamEvent, StreamEventOf, StreamServerShutdown } from '../../protocol/streams.js'
import { Backoff } from '../backoff.js'
import { BinanceError, ConnectError, InvalidParameterError, NotConnectedError } from '../errors.js'
import { realTimers, type TimerHandle, type Timers } from '../timers.js'
import type { CallOptions, ConnectionStatus, GapEvent } from '../types.js'
import { rawStreamName } from './raw-routing.js'
import { StreamSocket } from './stream-socket.js'
import { StreamSubscription } from './stream-subscription.js'

/** Binance's market data endpoint. */
export const PRODUCTION_STREAMS_URL = 'wss://stream.binance.com:9443'

export interface StreamsConfig {
  /** Base URL without a path; default Binance production. The emulator's is `ex.streams.url`. */
  wsURL?: string
  /** Combined payloads (`/stream`, default) or raw ones (`/ws`). */
  combined?: boolean
  /** Deadline of connects and control requests in ms (default 10 000). */
  timeout?: number
  /** First reconnect delay in ms (default 5000); `maxReconnectDelay` bounds it (default 30 000). */
  reconnectDelay?: number
  maxReconnectDelay?: number
  /** Ping after this many ms of silence (default 30 000); a ping unanswered for `pongTimeout` ms (default 10 000) is a dead socket. */
  pingInterval?: number
  pongTimeout?: number
  /** Replace the socket at this age in ms (default 23 h; Binance closes at 24 h). */
  renewAfter?: number
  timeUnit?: 'MILLISECOND' | 'MICROSECOND'
  timers?: Timers
}

export interface StreamsConnectionEvents {
  /** Every payload, with the stream name it came on (undefined on a raw connection with no match). */
  message: [stream: string | undefined, data: StreamEvent]
  status: [ConnectionStatus]
  /** Events may have been missed between `from` and `to`: the streams were re-subscribed on a new socket. */
  gap: [GapEvent]
  serverShutdown: [StreamServerShutdown]
}

type Config = Required<Omit<StreamsConfig, 'timeUnit'>> & { timeUnit: StreamsConfig['timeUnit'] }

/** Stream names go into URLs as they are, except `+` (as in `@+08:00`), which a query would read as a space. */
const escapeName = (name: string) => name.replace(/\+/g, '%2B')

/** Control frames are sent in chunks of at most this many stream names. */
const SUBSCRIBE_CHUNK = 200

const positive = (name: string, v: number | undefined, dflt: number) => {
  if (v === undefined) return dflt
  if (!Number.isFinite(v) || v <= 0)
    throw new InvalidParameterError(name, `must be a positive number, got ${v}`)
  return v
}

/** Entry point of the market data streams client. */
export class SpotWebsocketStreams {
  readonly #config: Config

  constructor(config: StreamsConfig = {}) {
    const wsURL = (config.wsURL ?? PRODUCTION_STREAMS_URL).replace(/\/+$/, '')
    if (!/^wss?:\/\//.test(wsURL)) {
      throw new InvalidParameterError('wsURL', `must start with ws:// or wss://, got '${wsURL}'`)
    }
    this.#config = {
      wsURL,
      combined: config.combined ?? true,
      timeout: positive('timeout', config.timeout, 10_000),
      reconnectDelay: positive('reconnectDelay', config.reconnectDelay, 5000),
      maxReconnectDelay: positive('maxReconnectDelay', config.maxReconnectDelay, 30_000),
      pingInterval: positive('pingInterval', config.pingInterval, 30_000),
      pongTimeout: positive('pongTimeout', config.pongTimeout, 10_000),
      renewAfter: positive('renewAfter', config.renewAfter, 23 * 3_600_000),
      timeUnit: config.timeUnit,
      timers: config.timers ?? realTimers,
    }
  }

  /** Opens a connection listening to `stream` (one name or several) from the start; rejects with ConnectError. */
  async connect(options: { stream?: string | readonly string[]; signal?: AbortSignal } = {}) {
    const names =
      options.stream === undefined
        ? []
        : typeof options.stream === 'string'
          ? [options.stream]
          : options.stream
    const connection = new WebsocketStreamsConnection(this.#config, names)
    await connection.open(options.signal)
    return connection
  }
}

/** A live streams connection: one socket, re-opened with its subscriptions after every loss. */
export class WebsocketStreamsConnection extends EventEmitter<StreamsConnectionEvents> {
  readonly #config: Config
  readonly #timers: Timers
  readonly #backoff: Backoff
  /** Subscriptions the user wants, in order; restored on every new socket. */
  readonly #wanted = new Set<string>()
  readonly #handles = new Map<string, StreamSubscription<unknown>>()
  #socket: StreamSocket | undefined
  #combined: boolean
  #stopped = false
  #attempt = 0
  #downSince = 0
  #reconnectTimer: TimerHandle | undefined
  #renewTimer: TimerHandle | undefined

  /** @internal Created by `SpotWebsocketStreams.connect()`. */
  constructor(config: Config, initial: readonly string[]) {
    super()
    this.#config = config
    this.#timers = config.timers
    this.#combined = config.combined
    this.#backoff = new Backoff({
      baseDelay: config.reconnectDelay,
      maxDelay: config.maxReconnectDelay,
      maxAttempts: 290,
      windowMs: 300_000,
    })
    for (const n of initial) this.#wanted.add(n)
  }

  #url(first: boolean): string {
    const names = first ? [...this.#wanted] : []
    const base = this.#config.wsURL
    const path = this.#config.combined
      ? `/stream${names.length ? `?streams=${names.map(escapeName).join('/')}` : ''}`
      : `/ws${names.length ? `/${names.map(escapeName).join('/')}` : ''}`
    const unit = this.#config.timeUnit
    return unit ? `${base}${path}${path.includes('?') ? '&' : '?'}timeUnit=${unit}` : `${base}${path}`
  }

  #status(change: Record<string, unknown>): void {
    this.emit('status', { slot: 0, ...change } as ConnectionStatus)
  }

  /** @internal */
  async open(signal?: AbortSignal): Promise<void> {
    this.#status({ state: 'connecting', attempt: 0 })
    try {
      this.#install(await this.#openSocket(true, signal))
    } catch (err) {
      this.#stopped = true
      throw err instanceof ConnectError
        ? err
        : new ConnectError(`connect failed: ${(err as Error).message}`, { cause: err })
    }
  }

  async #openSocket(first: boolean, signal?: AbortSignal): Promise<StreamSocket> {
    const socket = new StreamSocket(
      this.#url(first),
      this.#config.combined,
      {
        onPayload: (stream, data, s) => this.#onPayload(stream, data, s),
        onClose: (s, code, reason) => this.#onClose(s, code, reason),
      },
      this.#timers,
      { pingInterval: this.#config.pingInterval, pongTimeout: this.#config.pongTimeout },
    )
    this.#backoff.record(this.#timers.now())
    try {
      await socket.open(this.#config.timeout, signal)
      if (!first) await this.#restore(socket)
      return socket
    } catch (err) {
      await socket.close(1000, 'setup failed')
      throw err
    }
  }

  /** Re-subscribes everything wanted and restores the combined property on a fresh socket. */
  async #restore(socket: StreamSocket): Promise<void> {
    const names = [...this.#wanted]
    for (let i = 0; i < names.length; i += SUBSCRIBE_CHUNK) {
      await this.#control(socket, 'SUBSCRIBE', names.slice(i, i + SUBSCRIBE_CHUNK))
    }
    if (this.#combined !== this.#config.combined) {
      await this.#control(socket, 'SET_PROPERTY', ['combined', this.#combined])
      socket.combined = this.#combined
    }
  }

  #install(socket: StreamSocket): void {
    this.#socket = socket
    this.#attempt = 0
    this.#timers.clearTimeout(this.#renewTimer)
    this.#renewTimer = this.#timers.setTimeout(() => void this.#renew('max age'), this.#config.renewAfter)
    this.#status({ state: 'open' })
  }

  #onClose(socket: StreamSocket, code: number, reason: string): void {
    if (socket !== this.#socket) return
    this.#socket = undefined
    this.#timers.clearTimeout(this.#renewTimer)
    if (this.#stopped) return
    this.#downSince = this.#timers.now()
    this.#scheduleReconnect(code, reason)
  }

  #scheduleReconnect(code: number, reason: string): void {
    this.#attempt += 1
    const delay = this.#backoff.delay(this.#attempt, this.#timers.now())
    this.#status({ state: 'reconnecting', attempt: this.#attempt, delay, code, reason })
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      if (this.#stopped) return
      this.#status({ state: 'connecting', attempt: this.#attempt })
      this.#openSocket(false).then(
        (socket) => {
          if (this.#stopped || this.#socket) return void socket.close(1000, 'superseded')
          this.#install(socket)
          this.emit('gap', { from: this.#downSince, to: this.#timers.now(), streams: this.#wanted.size })
        },
        (err: Error) => {
          if (!this.#stopped && !this.#socket) this.#scheduleReconnect(1006, err.message)
        },
      )
    }, delay)
  }

  /** Replaces the socket make-before-break (max age, `serverShutdown`); listeners get a `gap` event. */
  async #renew(reason: string): Promise<void> {
    const old = this.#socket
    if (!old || this.#stopped) return
    this.#status({ state: 'renewing', reason })
    const from = this.#timers.now()
    try {
      const fresh = await this.#openSocket(false)
      if (this.#stopped || this.#socket !== old) return void fresh.close(1000, 'superseded')
      this.#install(fresh)
      void old.close(1000, 'renewed')
      this.emit('gap', { from, to: this.#timers.now(), streams: this.#wanted.size })
    } catch {
      // The old socket keeps serving until it closes; its loss starts the reconnect path.
    }
  }

  #onPayload(stream: string | undefined, data: unknown, socket: StreamSocket): void {
    if (socket !== this.#socket) return
    const event = data as StreamEvent | StreamServerShutdown
    if (
      (stream === '!serverShutdown' || stream === undefined) &&
      (event as { e?: unknown })?.e === 'serverShutdown'
    ) {
      this.emit('serverShutdown', event as StreamServerShutdown)
      void this.#renew('serverShutdown')
      return
    }
    const name = stream ?? rawStreamName(data, this.#wanted)
    if (name) this.#handles.get(name)?.push(data)
    this.emit('message', name, data as StreamEvent)
  }

  async #control(socket: StreamSocket, method: string, params?: unknown[], options?: CallOptions) {
    const frame = await socket.request(method, params, options?.timeout ?? this.#config.timeout)
    const error = frame['error'] as { code: number; msg: string } | undefined
    if (error) {
      throw new BinanceError({
        code: error.code,
        msg: error.msg,
        status: 400,
        requestId: frame['id'] as number,
        method,
        rateLimits: undefined,
      })
    }
    return frame['result']
  }

  #live(method: string): StreamSocket {
    if (this.#socket?.isOpen) return this.#socket
    if (this.#stopped) throw new NotConnectedError(`${method}: the connection was closed by disconnect()`)
    throw new NotConnectedError(`${method}: not connected (reconnecting); nothing was sent`)
  }

  /** Subscribes to streams (kept across reconnects). Resolves once the server confirmed. */
  async subscribe(streams: string | readonly string[], options?: CallOptions): Promise<void> {
    const names = typeof streams === 'string' ? [streams] : [...streams]
    const socket = this.#live('SUBSCRIBE')
    for (let i = 0; i < names.length; i += SUBSCRIBE_CHUNK) {
      await this.#control(socket, 'SUBSCRIBE', names.slice(i, i + SUBSCRIBE_CHUNK), options)
    }
    for (const n of names) this.#wanted.add(n)
  }

  /** Unsubscribes (and stops restoring) streams; their handles end. */
  async unsubscribe(streams: string | readonly string[], options?: CallOptions): Promise<void> {
    const names = typeof streams === 'string' ? [streams] : [...streams]
    for (const n of names) this.#wanted.delete(n)
    await this.#control(this.#live('UNSUBSCRIBE'), 'UNSUBSCRIBE', names, options)
    for (const n of names) {
      this.#handles.get(n)?.end()
      this.#handles.delete(n)
    }
  }

  /** The server's list of this socket's subscriptions. */
  async listSubscriptions(options?: CallOptions): Promise<string[]> {
    return (await this.#control(
      this.#live('LIST_SUBSCRIPTIONS'),
      'LIST_SUBSCRIPTIONS',
      undefined,
      options,
    )) as string[]
  }

  /** Sets `combined` (the only property); kept across reconnects. */
  async setProperty(name: 'combined', value: boolean, options?: CallOptions): Promise<void> {
    const socket = this.#live('SET_PROPERTY')
    await this.#control(socket, 'SET_PROPERTY', [name, value], options)
    socket.combined = value
    this.#combined = value
  }

  async getProperty(name: 'combined', options?: CallOptions): Promise<boolean> {
    return (await this.#control(this.#live('GET_PROPERTY'), 'GET_PROPERTY', [name], options)) as boolean
  }

  /** A typed handle on one stream's events; does not subscribe by itself (see `subscribe`). */
  stream<S extends string>(name: S): StreamSubscription<StreamEventOf<S>> {
    let handle = this.#handles.get(name)
    if (!handle) {
      handle = new StreamSubscription<unknown>(name, (n) => this.unsubscribe(n))
      this.#handles.set(name, handle)
    }
    return handle as unknown as StreamSubscription<StreamEventOf<S>>
  }

  /** Streams this connection keeps subscribed. */
  get subscriptions(): string[] {
    return [...this.#wanted]
  }

  isConnected(): boolean {
    return this.#socket?.isOpen === true
  }

  /** Closes for good: reconnects stop, handles end. */
  async disconnect(): Promise<void> {
    this.#stopped = true
    this.#timers.clearTimeout(this.#reconnectTimer)
    this.#timers.clearTimeout(this.#renewTimer)
    const socket = this.#socket
    this.#socket = undefined
    for (const h of this.#handles.values()) h.end()
    await socket?.close(1000, 'client disconnect')
    this.#status({ state: 'closed', reason: 'disconnect' })
  }
}
