// Legacy user data streams on WebSocket Streams (docs/emulator-fidelity.md A15): `/ws/<listenKey>` (or
// `/stream?streams=<listenKey>`) carries the key's account events as plain payloads, then
// `listenKeyExpired` and a close once the key lapses on the emulator clock.
import { WebSocket, WebSocketServer } from 'ws'
import { apiError } from '../../../protocol/errors.js'
import type { UserDataEvent } from '../../../protocol/events.js'
import type { ClockTimer, EmulatorClock } from '../server-life/clock.js'
import { inMicroseconds, parseTimeUnit } from '../server-life/time-unit.js'
import type { UserStreams } from '../user-streams.js'
import type { ListenKeyRoute } from './stream-server.js'

/** What `userDataStream.start` issues: 60 base62 characters. Other unknown names are not taken for keys. */
const LISTEN_KEY_SHAPE = /^[A-Za-z0-9]{60}$/

/** Close codes: the key expired or was stopped (normal closure), the emulator is closing (going away). */
const CLOSE_NORMAL = 1000
const GOING_AWAY = 1001

interface KeyStream {
  readonly ws: WebSocket
  readonly key: string
  readonly combined: boolean
  readonly micros: boolean
  untap(): void
  timer: ClockTimer | undefined
}

/** The event as the stream sends it: plain, or `{stream, data}` on a combined connection; µs times on request. */
function frame(s: KeyStream, event: UserDataEvent | Record<string, unknown>): string {
  const data = s.micros
    ? (JSON.parse(inMicroseconds(JSON.stringify({ event }))) as { event: unknown }).event
    : event
  return JSON.stringify(s.combined ? { stream: s.key, data } : data)
}

export class ListenKeyStreams {
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly open = new Set<KeyStream>()

  constructor(
    private readonly users: UserStreams,
    private readonly clock: EmulatorClock,
  ) {
    users.listenKeys.onStop((key) => {
      for (const s of this.open) if (s.key === key) this.end(s, CLOSE_NORMAL, 'listenKey stopped')
    })
  }

  /** Open listenKey streams. */
  get connections(): number {
    return this.open.size
  }

  /**
   * The streams server's hook: serves an active key; refuses a 60-character key that is not active with
   * HTTP 400 and `{"code":-1125,"msg":"This listenKey does not exist."}`; leaves any other name alone.
   */
  readonly route: ListenKeyRoute = (key, req, socket, head, combined = false) => {
    const account = this.users.listenKeys.account(key, this.clock.now())
    if (!account) {
      if (!LISTEN_KEY_SHAPE.test(key)) return false
      const body = JSON.stringify(apiError('INVALID_LISTEN_KEY'))
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      )
      return true
    }
    const url = new URL(req.url ?? '/', 'ws://localhost')
    const micros = parseTimeUnit(url.searchParams.get('timeUnit')) === 'MICROSECOND'
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const s: KeyStream = { ws, key, combined, micros, untap: () => {}, timer: undefined }
      s.untap = this.users.tap(account.id, (event) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(frame(s, event))
      })
      this.open.add(s)
      ws.on('close', () => this.forget(s))
      ws.on('error', () => ws.terminate())
      this.watch(s)
    })
    return true
  }

  /** Closes every listenKey stream (the emulator is closing). */
  close(): Promise<void> {
    for (const s of [...this.open]) this.end(s, GOING_AWAY, 'server closing')
    return new Promise<void>((resolve) => this.wss.close(() => resolve()))
  }

  /** Checks the key when it is due to lapse: a ping moved the date on, else the stream expires. */
  private watch(s: KeyStream): void {
    const due = this.users.listenKeys.expiresAt(s.key)
    if (due === undefined) {
      this.end(s, CLOSE_NORMAL, 'listenKey stopped')
      return
    }
    s.timer = this.clock.at(due, () => {
      const now = this.clock.now()
      if (this.users.listenKeys.account(s.key, now)) {
        this.watch(s)
        return
      }
      if (s.ws.readyState === WebSocket.OPEN) {
        s.ws.send(frame(s, { e: 'listenKeyExpired', E: now, listenKey: s.key }))
      }
      this.end(s, CLOSE_NORMAL, 'listenKey expired')
    })
  }

  private end(s: KeyStream, code: number, reason: string): void {
    this.forget(s)
    if (s.ws.readyState === WebSocket.OPEN) s.ws.close(code, reason)
  }

  private forget(s: KeyStream): void {
    if (!this.open.delete(s)) return
    s.untap()
    s.timer?.cancel()
  }
}
