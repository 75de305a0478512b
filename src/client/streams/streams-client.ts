// The market data streams client: `/ws/<stream>` or `/stream?streams=…`, live SUBSCRIBE/UNSUBSCRIBE, typed
// events per stream. Reconnect, renewal and liveness are the API client's (Lifecycle); this adds resubscribe.
import type { TimeUnit } from '../../protocol/enums.js'
import type { StreamEvent, StreamEventOf, StreamServerShutdown } from '../../protocol/streams.js'
import { connectionBackoff } from '../backoff.js'
import { checkCallOptions, checkSignal } from '../call-options.js'
import { positive, timeUnit } from '../config.js'
import { Emitter } from '../emitter.js'
import { BinanceError, ConnectError, InvalidParameterError, NotConnectedError } from '../errors.js'
import { Lifecycle } from '../lifecycle.js'
import { checkOptionNames, type OptionNames } from '../option-names.js'
import { SocketWaiters } from '../socket-waiters.js'
import { realTimers, type Timers } from '../timers.js'
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
  /** Control requests made while reconnecting wait for the new socket, up to their timeout (default true). */
  reconnectWait?: boolean
  /** Timestamps in µs (`MICROSECOND`) or ms; either case, as the URL parameter takes it. */
  timeUnit?: TimeUnit | Lowercase<TimeUnit>
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

type Config = Required<Omit<StreamsConfig, 'timeUnit'>> & { timeUnit: TimeUnit | undefined }

const STREAMS_OPTIONS: OptionNames<StreamsConfig> = {
  wsURL: true,
  combined: true,
  timeout: true,
  reconnectDelay: true,
  maxReconnectDelay: true,
  pingInterval: true,
  pongTimeout: true,
  renewAfter: true,
  reconnectWait: true,
  timeUnit: true,
  timers: true,
}
const CONNECT_OPTIONS: OptionNames<StreamsConnectOptions> = { stream: true, signal: true }

/** What `SpotWebsocketStreams.connect` takes. */
export interface StreamsConnectOptions {
  stream?: string | readonly string[]
  signal?: AbortSignal
}

/** Stream names go into URLs as they are, except `+` (as in `@+08:00`), which a query would read as a space. */
const escapeName = (name: string) => name.replace(/\+/g, '%2B')

/** Control frames are sent in chunks of at most this many stream names. */
const SUBSCRIBE_CHUNK = 200

/** Entry point of the market data streams client. */
export class SpotWebsocketStreams {
  readonly #config: Config

  constructor(config: StreamsConfig = {}) {
    checkOptionNames(config, STREAMS_OPTIONS, 'config')
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
      reconnectWait: config.reconnectWait ?? true,
      timeUnit: timeUnit(config.timeUnit),
      timers: config.timers ?? realTimers,
    }
  }

  /** Opens a connection listening to `stream` (one name or several) from the start; rejects with ConnectError. */
  async connect(options: StreamsConnectOptions = {}) {
    checkOptionNames(options, CONNECT_OPTIONS, 'connect')
    checkSignal(options.signal)
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
export class WebsocketStreamsConnection extends Emitter<StreamsConnectionEvents> {
  readonly #config: Config
  readonly #timers: Timers
  readonly #life: Lifecycle<StreamSocket>
  readonly #waiters: SocketWaiters
  /** Subscriptions the user wants, in order; restored on every new socket. */
  readonly #wanted = new Set<string>()
  readonly #handles = new Map<string, StreamSubscription<unknown>>()
  #combined: boolean

  /** @internal Created by `SpotWebsocketStreams.connect()`. */
  constructor(config: Config, initial: readonly string[]) {
    super()
    this.#config = config
    this.#timers = config.timers
    this.#combined = config.combined
    this.#waiters = new SocketWaiters(config.timers)
    for (const n of initial) this.#wanted.add(n)
    const gap = (from: number) =>
      this.emit('gap', { from, to: this.#timers.now(), streams: this.#wanted.size })
    this.#life = new Lifecycle(0, {
      timers: config.timers,
      backoff: connectionBackoff(config.reconnectDelay, config.maxReconnectDelay),
      connectTimeout: config.timeout,
      renewAfter: config.renewAfter,
      newSocket: (first, closed) =>
        new StreamSocket(
          this.#url(first),
          config.combined,
          { onPayload: (stream, data, s) => this.#onPayload(stream, data, s), onClose: closed },
          config.timers,
          { pingInterval: config.pingInterval, pongTimeout: config.pongTimeout },
        ),
      setup: (socket, first) => (first ? Promise.resolve() : this.#restore(socket)),
      status: (change) => this.emit('status', { slot: 0, ...change } as ConnectionStatus),
      opened: () => this.#waiters.wake(),
      recovered: gap,
      // Payloads count from the current socket only: at the switch one can be missed (its copy came on the new socket
      // before it, on the old one after) or seen twice.
      renewed: (_old, from) => gap(from),
    })
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

  /** @internal */
  async open(signal?: AbortSignal): Promise<void> {
    try {
      await this.#life.connect(signal)
    } catch (err) {
      await this.#life.stop()
      throw err instanceof ConnectError
        ? err
        : new ConnectError(`connect failed: ${(err as Error).message}`, { cause: err })
    }
  }

  /**
   * Subscribes everything wanted on a fresh socket, again while more was wanted meanwhile (a subscribe answered on
   * the old socket during a renewal), drops what is no longer wanted, and restores the combined property.
   */
  async #restore(socket: StreamSocket): Promise<void> {
    const timeout = this.#config.timeout
    const done = new Set<string>()
    for (let names = [...this.#wanted]; names.length; names = [...this.#wanted].filter((n) => !done.has(n))) {
      for (let i = 0; i < names.length; i += SUBSCRIBE_CHUNK) {
        const chunk = names.slice(i, i + SUBSCRIBE_CHUNK)
        await this.#control(socket, 'SUBSCRIBE', chunk, timeout)
        for (const n of chunk) done.add(n)
      }
    }
    const dropped = [...done].filter((n) => !this.#wanted.has(n))
    if (dropped.length) await this.#control(socket, 'UNSUBSCRIBE', dropped, timeout)
    if (this.#combined !== this.#config.combined) {
      await this.#control(socket, 'SET_PROPERTY', ['combined', this.#combined], timeout)
      socket.combined = this.#combined
    }
  }

  #onPayload(stream: string | undefined, data: unknown, socket: StreamSocket): void {
    if (socket !== this.#life.socket) return
    const event = data as StreamEvent | StreamServerShutdown
    if (
      (stream === '!serverShutdown' || stream === undefined) &&
      (event as { e?: unknown })?.e === 'serverShutdown'
    ) {
      this.emit('serverShutdown', event as StreamServerShutdown)
      void this.#life.renew('serverShutdown')
      return
    }
    const name = stream ?? rawStreamName(data, this.#wanted)
    if (name) this.#handles.get(name)?.push(data)
    this.emit('message', name, data as StreamEvent)
  }

  async #control(socket: StreamSocket, method: string, params: unknown[] | undefined, timeout: number) {
    const frame = await socket.request(method, params, timeout)
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

  /**
   * The open socket for a control request, and the ms left of its timeout. While reconnecting it waits for the new
   * socket (unless `reconnectWait` is off); nothing has been sent, so a failure here leaves nothing half done.
   */
  async #live(method: string, options?: CallOptions): Promise<[StreamSocket, number]> {
    checkCallOptions(options)
    let left = options?.timeout ?? this.#config.timeout
    for (;;) {
      const socket = this.#life.socket
      if (socket?.isOpen) return [socket, left]
      if (this.#life.isStopped)
        throw new NotConnectedError(`${method}: the connection was closed by disconnect()`)
      if (!this.#config.reconnectWait)
        throw new NotConnectedError(`${method}: not connected (reconnecting); nothing was sent`)
      left = await this.#waiters.wait(method, left, options?.signal)
    }
  }

  /** A control request that changes what the socket sends: if a renewal replaced `socket` meanwhile, the new one gets it too. */
  async #changeOn(socket: StreamSocket, method: string, params: unknown[], timeout: number) {
    await this.#control(socket, method, params, timeout)
    const current = this.#life.socket
    if (current && current !== socket && current.isOpen) await this.#control(current, method, params, timeout)
  }

  /** Subscribes to streams (kept across reconnects). Resolves once the server confirmed. */
  async subscribe(streams: string | readonly string[], options?: CallOptions): Promise<void> {
    const names = typeof streams === 'string' ? [streams] : [...streams]
    const [socket, timeout] = await this.#live('SUBSCRIBE', options)
    for (let i = 0; i < names.length; i += SUBSCRIBE_CHUNK) {
      await this.#changeOn(socket, 'SUBSCRIBE', names.slice(i, i + SUBSCRIBE_CHUNK), timeout)
    }
    for (const n of names) this.#wanted.add(n)
  }

  /** Unsubscribes (and stops restoring) streams; their handles end. */
  async unsubscribe(streams: string | readonly string[], options?: CallOptions): Promise<void> {
    checkCallOptions(options)
    const names = typeof streams === 'string' ? [streams] : [...streams]
    for (const n of names) this.#wanted.delete(n)
    const [socket, timeout] = await this.#live('UNSUBSCRIBE', options)
    await this.#changeOn(socket, 'UNSUBSCRIBE', names, timeout)
    for (const n of names) {
      this.#handles.get(n)?.end()
      this.#handles.delete(n)
    }
  }

  /** The server's list of this socket's subscriptions. */
  async listSubscriptions(options?: CallOptions): Promise<string[]> {
    const [socket, timeout] = await this.#live('LIST_SUBSCRIPTIONS', options)
    return (await this.#control(socket, 'LIST_SUBSCRIPTIONS', undefined, timeout)) as string[]
  }

  /** Sets `combined` (the only property); kept across reconnects. */
  async setProperty(name: 'combined', value: boolean, options?: CallOptions): Promise<void> {
    const [socket, timeout] = await this.#live('SET_PROPERTY', options)
    await this.#changeOn(socket, 'SET_PROPERTY', [name, value], timeout)
    socket.combined = value
    const current = this.#life.socket
    if (current) current.combined = value
    this.#combined = value
  }

  async getProperty(name: 'combined', options?: CallOptions): Promise<boolean> {
    const [socket, timeout] = await this.#live('GET_PROPERTY', options)
    return (await this.#control(socket, 'GET_PROPERTY', [name], timeout)) as boolean
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
    return this.#life.socket?.isOpen === true
  }

  /** Closes for good: reconnects stop, waiting requests fail with NotConnectedError, handles end. */
  async disconnect(): Promise<void> {
    const stopping = this.#life.stop()
    this.#waiters.stop(
      (method) => new NotConnectedError(`${method}: the connection was closed by disconnect()`),
    )
    for (const h of this.#handles.values()) h.end()
    await stopping
    this.emit('status', { slot: 0, state: 'closed', reason: 'disconnect' })
  }
}
