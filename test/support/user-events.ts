// One account's user data stream, recorded: its executionReports and listStatus events, and waits for more.
import { vi } from 'vitest'
import type { WebsocketAPIConnection } from '../../src/client/index.js'
import type { ExecutionReport, ListStatusEvent, UserDataEvent } from '../../src/protocol/events.js'
import { EventRecorder } from './event-recorder.js'

/** The keys every executionReport has, in the spec's order (spec/web-socket-api.md, "Execution Report"). */
export const BASE_KEYS = 'e E s c S o f q p P F g C x X r i l z L n N T t I w m M O Z Y Q W V'.split(' ')

/** Every user data event of one account, as it arrives. */
export class UserEvents extends EventRecorder<UserDataEvent> {
  get events(): UserDataEvent[] {
    return this.items
  }

  /** The executionReports of one order (order ids count per symbol), in arrival order. */
  reports(symbol: string, orderId: number): ExecutionReport[] {
    return this.items.filter(
      (e): e is ExecutionReport => e.e === 'executionReport' && e.s === symbol && e.i === orderId,
    )
  }

  /** The listStatus events of one list (of every list without an id), in arrival order. */
  lists(orderListId?: number): ListStatusEvent[] {
    return this.items.filter(
      (e): e is ListStatusEvent => e.e === 'listStatus' && (orderListId === undefined || e.g === orderListId),
    )
  }

  /** Resolves once `check` stops throwing (events are sent after the response that caused them). */
  settle<T>(check: () => T): Promise<T> {
    return vi.waitFor(check, { timeout: 2000, interval: 5 })
  }

  /** The events after those the last call returned, up to and including the next `outboundAccountPosition`. */
  nextPosition(): Promise<UserDataEvent[]> {
    return this.next((e) => e.e === 'outboundAccountPosition')
  }
}

/** The executionReports among `events`. */
export const reportsIn = (events: readonly UserDataEvent[]) =>
  events.filter((e): e is ExecutionReport => e.e === 'executionReport')

/**
 * Subscribes `conn`'s account to its user data stream and records every event: through its session
 * (`session`, an Ed25519 key logged on) or with a signed subscription (`signature`, any key).
 */
export async function recordEvents(
  conn: WebsocketAPIConnection,
  by: 'session' | 'signature' = 'session',
): Promise<UserEvents> {
  const log = new UserEvents()
  const { stream } =
    by === 'session' ? await conn.userDataStreamSubscribe() : await conn.userDataStreamSubscribeSignature()
  stream.on('*', (e) => log.push(e))
  return log
}
