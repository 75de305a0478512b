// The open connections of a running emulator, by id: what the control API lists, drops and shuts down.
import type { TimeUnit } from '../../../protocol/enums.js'
import type { ServerShutdown } from '../../../protocol/events.js'
import type { Connection } from '../connection.js'

/** One open WebSocket and what the server life needs of it. */
export interface LiveConnection {
  /** 1, 2, … in order of connection. */
  readonly id: number
  readonly connection: Connection
  readonly timeUnit: TimeUnit
  /** Closes with a close frame. */
  close(code: number, reason: string): void
  /** Destroys the socket without a close frame, like a network failure. */
  drop(): void
  /** Plans a close at `time` on the emulator clock, replacing any earlier plan. */
  closeAt(time: number): void
}

/** What `ex.connections()` shows of a connection. */
export interface ConnectionInfo {
  readonly id: number
  readonly ip: string
  /** Emulator time (ms) the connection opened. */
  readonly connectedSince: number
  /** The key of its `session.logon`, if any. */
  readonly apiKey: string | null
  readonly subscriptions: readonly { readonly subscriptionId: number; readonly apiKey: string }[]
  readonly timeUnit: TimeUnit
  readonly returnRateLimits: boolean
}

export class LiveConnections {
  private readonly byId = new Map<number, LiveConnection>()
  private lastId = 0

  get size(): number {
    return this.byId.size
  }

  nextId(): number {
    return ++this.lastId
  }

  add(live: LiveConnection): void {
    this.byId.set(live.id, live)
  }

  remove(id: number): void {
    this.byId.delete(id)
  }

  /** All of them, or the one with `id` (none if it is closed). */
  select(id?: number): LiveConnection[] {
    if (id === undefined) return [...this.byId.values()]
    const one = this.byId.get(id)
    return one ? [one] : []
  }

  fromIp(ip: string): LiveConnection[] {
    return [...this.byId.values()].filter((l) => l.connection.ip === ip)
  }

  info(): ConnectionInfo[] {
    return [...this.byId.values()].map(({ id, connection: c, timeUnit }) => ({
      id,
      ip: c.ip,
      connectedSince: c.connectedSince,
      apiKey: c.session?.account.apiKey ?? null,
      subscriptions: [...c.subscriptions.values()].map((s) => ({
        subscriptionId: s.id,
        apiKey: s.account.apiKey,
      })),
      timeUnit,
      returnRateLimits: c.returnRateLimits,
    }))
  }
}

/** Sends the `serverShutdown` connection event (no `subscriptionId`). */
export function sendServerShutdown(connection: Connection, now: number): void {
  const event: ServerShutdown = { e: 'serverShutdown', E: now }
  connection.send(JSON.stringify({ event }))
}
