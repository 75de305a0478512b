// Shared harness of the fault-injection suite: a scripted server, a client on a manual clock, event logs.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type ClientConfig,
  type ConnectionStatus,
  type GapEvent,
  SpotWebsocketAPI,
  type WebsocketAPIConnection,
} from '../../src/client/index.js'
import { EventRecorder } from './event-recorder.js'
import { HMAC_SECRET } from './keys.js'
import { ManualTimers } from './manual-timers.js'
import { type Script, type ScriptedServer, startScriptedServer } from './scripted-server.js'

export interface Harness {
  timers: ManualTimers
  server: ScriptedServer
  api: SpotWebsocketAPI
  conn: WebsocketAPIConnection
  status: EventRecorder<ConnectionStatus>
  gaps: EventRecorder<GapEvent>
}

const cleanups: (() => Promise<void>)[] = []

/** Registers something to close after the test. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn)
}

/** Closes every connection and server the test opened (call from `afterEach`). */
export async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn()
}

/** Starts a scripted server whose `time` answers follow `timers` (plus `skew()`). */
export async function startServer(
  script: Script,
  timers: ManualTimers,
  skew: () => number = () => 0,
): Promise<ScriptedServer> {
  const server = await startScriptedServer(script, { clock: () => timers.now() + skew() })
  onCleanup(() => server.close())
  return server
}

/** A client of `server` on `timers` (HMAC key unless `config` has a `privateKey`); `connect()` is left to the caller. */
export function clientFor(
  server: ScriptedServer,
  timers: ManualTimers,
  config: ClientConfig = {},
): SpotWebsocketAPI {
  return new SpotWebsocketAPI({
    wsURL: server.url,
    apiKey: 'key-1',
    ...(config.privateKey === undefined ? { apiSecret: HMAC_SECRET } : {}),
    reconnectDelay: 1000,
    // One `time` sample per sync keeps the scripted request sequences short (test/client/clock covers several).
    clockSamples: 1,
    timers,
    ...config,
  })
}

/** A connected client (HMAC key by default) on a manual clock, with its status and gap events recorded. */
export async function connect(
  script: Script,
  config: ClientConfig = {},
  skew?: () => number,
): Promise<Harness> {
  const timers = new ManualTimers()
  const server = await startServer(script, timers, skew)
  const api = clientFor(server, timers, config)
  const conn = await api.connect()
  onCleanup(() => conn.disconnect())
  const status = new EventRecorder<ConnectionStatus>()
  const gaps = new EventRecorder<GapEvent>()
  conn.on('status', (s) => status.push(s))
  conn.on('gap', (g) => gaps.push(g))
  return { timers, server, api, conn, status, gaps }
}

/** True when `p` has not settled after pending I/O callbacks and microtasks ran. */
export async function isPending(p: Promise<unknown>): Promise<boolean> {
  let done = false
  p.then(
    () => {
      done = true
    },
    () => {
      done = true
    },
  )
  await new Promise((r) => setImmediate(r))
  return !done
}

/** Waits for the reconnect after a drop: advances the clock by the announced delay and waits for `open`. */
export async function awaitReconnect(h: Harness, from: number, slot = 0): Promise<ConnectionStatus> {
  const rec = await h.status.until((s) => s.slot === slot && s.state === 'reconnecting', from)
  if (rec.state !== 'reconnecting') throw new Error('unreachable')
  const opened = h.status.until((s) => s.slot === slot && s.state === 'open', from)
  h.timers.advance(rec.delay)
  await opened
  return rec
}

/** A WebSocket API URL on a loopback port where nothing listens (it was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((r) => probe.close(() => r()))
  return `ws://127.0.0.1:${port}/ws-api/v3`
}
