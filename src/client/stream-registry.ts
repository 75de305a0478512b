// The connection's user data streams: subscribe, unsubscribe, route pushed events, re-subscribe after a reconnect.
import type { EventFrame } from '../protocol/envelope.js'
import type { UserDataEvent } from '../protocol/events.js'
import { METHOD_BY_WIRE } from '../protocol/methods.js'
import type { ApiSocket } from './api-socket.js'
import { checkCallOptions } from './call-options.js'
import type { Caller } from './caller.js'
import { BinanceError } from './errors.js'
import { OverlapDedupe } from './overlap-dedupe.js'
import type { SocketPool } from './socket-pool.js'
import type { Timers } from './timers.js'
import type { ApiResponse, CallOptions } from './types.js'
import { UserDataStream } from './user-data-stream.js'

type StreamMethod = UserDataStream['method']

/** Events held for a subscription id no stream has claimed yet (its subscribe answer is still on the way). */
const MAX_ORPHANS_PER_ID = 1000
const MAX_ORPHAN_IDS = 16
/** How long after the old socket's last event a stream's events are still checked for its copies. */
const DEDUPE_MS = 60_000
/**
 * Refusals that pass: 403 is the firewall (WAF), a security or rate block (spec web-socket-api.md, status codes); 429
 * and 418 are rate limits.
 */
const TRANSIENT_STATUS = new Set([403, 418, 429])

/** A re-subscribe refusal that ends the stream: another 4xx would meet the same answer at every reconnect. */
const endsStream = (err: unknown): err is BinanceError =>
  err instanceof BinanceError && err.status < 500 && !TRANSIENT_STATUS.has(err.status)

/** Every user data stream of one connection; they live on the primary socket and follow it. */
export class StreamRegistry {
  readonly #timers: Timers
  readonly #caller: Caller
  readonly #pool: SocketPool
  readonly #streams: UserDataStream[] = []
  readonly #subs = new WeakMap<ApiSocket, Map<number, UserDataStream>>()
  /** The socket each stream was last subscribed on (after a renewal, the old one may still deliver for a while). */
  readonly #source = new WeakMap<UserDataStream, ApiSocket>()
  /** Held events by socket, then id: subscription ids are numbered per socket. */
  readonly #orphans = new WeakMap<ApiSocket, Map<number, UserDataEvent[]>>()
  /** Streams subscribed on a new socket while their old one is still open (make before break). */
  readonly #overlaps = new WeakMap<UserDataStream, OverlapDedupe>()

  constructor(timers: Timers, caller: Caller, pool: SocketPool) {
    this.#timers = timers
    this.#caller = caller
    this.#pool = pool
  }

  /** How many streams are live (and so re-subscribed after a reconnect). */
  get size(): number {
    return this.#streams.length
  }

  /** Subscribes on the primary socket and returns the new stream with the server's answer. */
  async open(
    method: StreamMethod,
    params: Record<string, unknown> | undefined,
    id: string | undefined,
  ): Promise<{ response: ApiResponse<{ subscriptionId: number }>; stream: UserDataStream }> {
    const socket = await this.#pool.socketFor(method, true)
    const response = await this.#subscribeOn(socket, method, params)
    const stream = new UserDataStream(response.data.subscriptionId, id, method)
    this.#streams.push(stream)
    this.#adopt(socket, stream)
    return { response, stream }
  }

  /** Unsubscribes all streams (or the one with `subscriptionId`) and ends their iterators. */
  async unsubscribe(params?: { subscriptionId?: number }, options?: CallOptions) {
    checkCallOptions(options)
    const socket = await this.#pool.socketFor('userDataStream.unsubscribe', true, options?.timeout)
    const spec = METHOD_BY_WIRE.get('userDataStream.unsubscribe')
    const response = await this.#caller.call<Record<string, never>>(spec?.wire ?? '', spec, params, options, {
      socket,
    })
    for (const stream of [...this.#streams]) {
      if (params?.subscriptionId !== undefined && params.subscriptionId !== stream.subscriptionId) continue
      this.#end(stream)
      this.#subs.get(socket)?.delete(stream.subscriptionId)
    }
    return response
  }

  /**
   * Subscribes every stream again on `socket`, which becomes their source. A stream the server refuses (its key
   * deleted, its session gone: a 4xx answer but 403, 418 and 429) ends with that error, and the setup goes on. Other
   * errors (the socket lost, no answer, 5xx, the firewall, rate limits) fail the setup, which is retried; in a
   * renewal the old socket, still their source then, keeps delivering meanwhile.
   */
  async resubscribe(socket: ApiSocket): Promise<void> {
    // What the streams moved so far had: a failed setup leaves them to their previous socket (and its ids).
    const before: { stream: UserDataStream; source: ApiSocket | undefined; id: number }[] = []
    try {
      for (const stream of [...this.#streams]) {
        before.push({ stream, source: this.#source.get(stream), id: stream.subscriptionId })
        await this.#resubscribeOne(socket, stream)
      }
    } catch (err) {
      for (const { stream, source, id } of before) {
        if (source) this.#source.set(stream, source)
        stream.subscriptionId = id
      }
      throw err
    }
  }

  async #resubscribeOne(socket: ApiSocket, stream: UserDataStream): Promise<void> {
    // Its old socket still delivers while this one subscribes (a renewal): count copies from now on. Otherwise
    // nothing else delivers it any more, and an earlier overlap's counts would drop genuine events.
    const old = this.#source.get(stream)
    if (old && old !== socket && old.isOpen) {
      this.#overlaps.set(stream, new OverlapDedupe(this.#timers.now() + DEDUPE_MS))
    } else this.#overlaps.delete(stream)
    const r = await this.#subscribeOn(socket, stream.method).catch((err: unknown) => {
      if (endsStream(err)) return err
      throw err
    })
    if (r instanceof BinanceError) this.#end(stream, r)
    else {
      stream.subscriptionId = r.data.subscriptionId
      this.#adopt(socket, stream)
    }
  }

  /** Ends every stream's iterators (on disconnect). */
  endAll(): void {
    for (const s of this.#streams) s.end()
  }

  /** Hands a pushed user data event to its stream, or holds it until the stream's subscribe answer arrives. */
  deliver(frame: EventFrame, socket: ApiSocket): void {
    const sid = frame.subscriptionId
    if (sid === undefined) return
    const event = frame.event as UserDataEvent
    const stream = this.#subs.get(socket)?.get(sid)
    if (stream) {
      this.#push(socket, stream, event)
      return
    }
    const orphans = this.#orphans.get(socket) ?? new Map<number, UserDataEvent[]>()
    this.#orphans.set(socket, orphans)
    const held = orphans.get(sid) ?? []
    if (held.length < MAX_ORPHANS_PER_ID) held.push(event)
    orphans.set(sid, held)
    if (orphans.size > MAX_ORPHAN_IDS) orphans.delete(orphans.keys().next().value as number)
  }

  #subscribeOn(socket: ApiSocket, method: StreamMethod, params?: Record<string, unknown>) {
    const spec = METHOD_BY_WIRE.get(method)
    return this.#caller.call<{ subscriptionId: number }>(method, spec, params, undefined, { socket })
  }

  /** Registers a stream under its id on `socket` and hands it the events that arrived first. */
  #adopt(socket: ApiSocket, stream: UserDataStream): void {
    const map = this.#subs.get(socket) ?? new Map<number, UserDataStream>()
    this.#subs.set(socket, map)
    map.set(stream.subscriptionId, stream)
    this.#source.set(stream, socket)
    const orphans = this.#orphans.get(socket)
    const held = orphans?.get(stream.subscriptionId) ?? []
    orphans?.delete(stream.subscriptionId)
    for (const e of held) this.#push(socket, stream, e)
  }

  /**
   * Hands `event` to `stream`. After `eventStreamTerminated` on the socket the stream now lives on (the server ended
   * the subscription: session.logout, a logon with another key, the key deleted) the stream ends and is forgotten: a
   * reconnect does not subscribe it again.
   */
  #push(socket: ApiSocket, stream: UserDataStream, event: UserDataEvent): void {
    // A copy is not delivered again, but the copy of an eventStreamTerminated on the stream's own socket still ends it.
    if (!this.#isCopy(socket, stream, event)) stream.push(event)
    if (event.e !== 'eventStreamTerminated' || this.#source.get(stream) !== socket) return
    this.#end(stream)
    this.#subs.get(socket)?.delete(stream.subscriptionId)
  }

  /** Ends a stream (with the server's refusal, if that ended it) and forgets it: no reconnect subscribes it again. */
  #end(stream: UserDataStream, error?: Error): void {
    stream.end(error)
    const at = this.#streams.indexOf(stream)
    if (at >= 0) this.#streams.splice(at, 1)
  }

  /** True for the copy of an event another socket of the overlap already delivered to `stream`. */
  #isCopy(socket: ApiSocket, stream: UserDataStream, event: UserDataEvent): boolean {
    const overlap = this.#overlaps.get(stream)
    if (!overlap) return false
    const now = this.#timers.now()
    if (overlap.expired(now)) {
      this.#overlaps.delete(stream)
      return false
    }
    // The old socket may still drain for a while (in-flight requests): its copies stay checked while it delivers.
    if (socket !== this.#source.get(stream)) overlap.extend(now + DEDUPE_MS)
    return !overlap.pass(JSON.stringify(event), socket)
  }
}
