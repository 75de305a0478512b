// The clients under test in the soak: an Ed25519 account (session logon, a pool of two sockets, rate-limit waits,
// its user data stream) and an HMAC account (one socket, signed requests); optionally a streams connection with a
// local order book per symbol.
import {
  createOrderBook,
  SpotWebsocketAPI,
  SpotWebsocketStreams,
  type WebsocketAPIConnection,
  type WebsocketStreamsConnection,
} from '../../src/client/index.js'
import { type BookStats, BookWatch } from './book-watch.js'
import type { SoakAccount } from './snapshot.js'
import { Tally } from './tally.js'
import { UserEvents } from './user-events.js'

export interface ClientTimes {
  readonly timeoutMs: number
  readonly recvWindow: number
}

export interface SoakClients {
  readonly ed25519: WebsocketAPIConnection
  readonly hmac: WebsocketAPIConnection
  readonly userEvents: UserEvents
  readonly books: readonly BookWatch[]
  readonly bookStats: BookStats
  /** Status changes of every connection, by state. */
  readonly status: Tally
  /** Disconnects everything (books, streams, API connections). */
  close(): Promise<void>
}

export async function connectClients(
  urls: { api: string; streams: string },
  accounts: readonly [SoakAccount, SoakAccount],
  times: ClientTimes,
  symbols: readonly string[] | undefined,
): Promise<SoakClients> {
  const liveness = Math.max(1000, Math.round(times.timeoutMs / 2))
  const common = {
    wsURL: urls.api,
    timeout: times.timeoutMs,
    recvWindow: times.recvWindow,
    reconnectDelay: 200,
    maxReconnectDelay: 2000,
    pingInterval: liveness,
    pongTimeout: liveness,
  }
  const status = new Tally()
  const opened: { close(): Promise<void> }[] = []
  const close = async () => {
    for (const c of opened.splice(0).reverse()) await c.close().catch(() => {})
  }
  try {
    const ed25519 = await new SpotWebsocketAPI({
      ...common,
      ...accounts[0].credentials,
      autoSessionLogon: true,
      mode: 'pool',
      poolSize: 2,
      rateLimitWait: true,
    }).connect()
    opened.push({ close: () => ed25519.disconnect() })
    const hmac = await new SpotWebsocketAPI({ ...common, ...accounts[1].credentials }).connect()
    opened.push({ close: () => hmac.disconnect() })
    for (const c of [ed25519, hmac]) c.on('status', (s) => status.add(s.state))
    const { stream } = await ed25519.userDataStreamSubscribe()
    const userEvents = new UserEvents(stream, accounts[0].name)
    ed25519.on('gap', (g) => userEvents.gap(g))
    ed25519.on('status', (s) => userEvents.status(s))
    const bookStats: BookStats = {
      compared: 0,
      identical: 0,
      skipped: 0,
      crossed: 0,
      resyncs: new Tally(),
      examples: [],
    }
    const books: BookWatch[] = []
    if (symbols) {
      const streams: WebsocketStreamsConnection = await new SpotWebsocketStreams({
        wsURL: urls.streams,
        timeout: times.timeoutMs,
        reconnectDelay: 200,
        maxReconnectDelay: 2000,
        pingInterval: liveness,
        pongTimeout: liveness,
      }).connect()
      opened.push({ close: () => streams.disconnect() })
      streams.on('status', (s) => status.add(`streams ${s.state}`))
      for (const symbol of symbols) {
        const book = createOrderBook({ streams, api: hmac, symbol })
        opened.push({ close: () => book.close() })
        books.push(new BookWatch(book, bookStats))
        // Not awaited: it syncs once the soak's traffic moves the book (and the soak waits for nothing unbounded).
        book.start().catch(() => {})
      }
    }
    return { ed25519, hmac, userEvents, books, bookStats, status, close }
  } catch (err) {
    await close()
    throw err
  }
}
