// A bounded loopback load: N connections (each from its own 127.0.0.x address, so REQUEST_WEIGHT is
// per connection) send mixed traffic in a closed loop for a fixed time. Every request must be
// answered; the report has throughput, latency percentiles, status counts and heap figures.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { WebSocket } from 'ws'
import type { Emulator } from '../../src/emulator/index.js'
import { startExchange, type TestAccount } from '../support/exchange.js'
import { ED25519, type Key, keyOf, signedParams } from '../support/keys.js'
import { limit } from '../support/order-params.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

export interface LoadOptions {
  readonly connections: number
  readonly seconds: number
  /** 'mixed': orders, cancels, queries, sessions and user data streams; 'readonly': no orders. */
  readonly mix: 'mixed' | 'readonly'
}

export interface LoadReport {
  readonly connections: number
  readonly seconds: number
  readonly sent: number
  readonly answered: number
  readonly events: number
  readonly byStatus: Record<string, number>
  readonly byMethod: Record<string, number>
  readonly requestsPerSecond: number
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number }
  readonly connectionFailures: number
}

interface Seat extends Key {
  readonly ed25519: boolean
}

/** An emulator with one account per connection (every 10th Ed25519, to log on and subscribe). */
export async function loadEmulator(connections: number): Promise<{ ex: Emulator; seats: Seat[] }> {
  const seats: Seat[] = []
  const accounts: TestAccount[] = []
  for (let i = 0; i < connections; i++) {
    const balances = { USDT: '1000000', BTC: '100' }
    if (i % 10 === 0) {
      seats.push({ ...keyOf(`load-ed-${i}`, ED25519.privateKey), ed25519: true })
      accounts.push({ apiKey: `load-ed-${i}`, balances })
    } else {
      seats.push({ ...keyOf(`load-${i}`, `secret-${i}`), ed25519: false })
      accounts.push({ apiKey: `load-${i}`, key: 'hmac', secret: `secret-${i}`, balances })
    }
  }
  const { ex } = await startExchange({
    liquidity: true,
    accounts,
    // Each connection has its own 127.0.0.x address; 6,000 weight a minute each would turn most of a 20 s round into
    // (correct, cheap) 429s once the emulator answers ~20 k requests a second, and the round would measure refusals.
    limits: { banAfter: false, connectionAttempts: 100_000, requestWeight: 1_000_000_000 },
  })
  return { ex, seats }
}

/** Heap in use after a full collection, MiB. */
export function heapAfterGc(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

/** The `p`-th percentile (0–100) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

/** Runs the load against `url`; resolves when every connection has closed. */
export async function runLoad(
  url: string,
  seats: readonly Seat[],
  options: LoadOptions,
): Promise<LoadReport> {
  const latencies: number[] = []
  const byStatus: Record<string, number> = {}
  const byMethod: Record<string, number> = {}
  let sent = 0
  let answered = 0
  let events = 0
  let connectionFailures = 0
  const started = performance.now()
  const deadline = started + options.seconds * 1000

  const one = (index: number) =>
    new Promise<void>((resolve) => {
      const seat = seats[index % seats.length] as Seat
      const ws = new WebSocket(url, {
        localAddress: `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`,
      })
      let next = 0
      let sentAt = 0
      let lastPlace = 0
      let openOrderId: number | undefined
      let loggedOn = false
      let step = 0
      const signed = (params: Record<string, unknown>) => signedParams(seat, params, Date.now())
      const request = (): { method: string; params?: Record<string, unknown> } => {
        step++
        const now = performance.now()
        if (options.mix === 'mixed' && seat.ed25519 && !loggedOn) {
          loggedOn = true
          return { method: 'session.logon', params: signed({}) }
        }
        if (options.mix === 'mixed' && seat.ed25519 && step === 2)
          return { method: 'userDataStream.subscribe' }
        if (options.mix === 'mixed' && openOrderId !== undefined) {
          const orderId = openOrderId
          openOrderId = undefined
          return { method: 'order.cancel', params: signed({ symbol: 'BTCUSDT', orderId }) }
        }
        if (options.mix === 'mixed' && now - lastPlace >= 250) {
          lastPlace = now
          const market = step % 3 === 0
          const order = market
            ? { symbol: 'BTCUSDT', side: step % 2 ? 'BUY' : 'SELL', type: 'MARKET', quantity: '0.00100' }
            : limit('BTCUSDT', 'BUY', '50000.00', '0.00100')
          return { method: 'order.place', params: signed({ ...order, newOrderRespType: 'ACK' }) }
        }
        switch (step % 6) {
          case 0:
            return { method: 'depth', params: { symbol: 'BTCUSDT', limit: 5 } }
          case 1:
            return { method: 'time' }
          case 2:
            return { method: 'ticker.price', params: { symbol: 'BTCUSDT' } }
          case 3:
            return { method: 'openOrders.status', params: signed({ symbol: 'BTCUSDT' }) }
          case 4:
            return { method: 'myTrades', params: signed({ symbol: 'BTCUSDT', limit: 10 }) }
          default:
            return { method: 'ping' }
        }
      }
      const send = () => {
        if (performance.now() >= deadline) {
          ws.close()
          return
        }
        const r = request()
        const id = next++
        byMethod[r.method] = (byMethod[r.method] ?? 0) + 1
        sentAt = performance.now()
        sent++
        ws.send(
          JSON.stringify(r.params ? { id, method: r.method, params: r.params } : { id, method: r.method }),
        )
      }
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as {
          id?: number
          status?: number
          result?: { orderId?: number; status?: string }
          event?: unknown
        }
        if (frame.event !== undefined) {
          events++
          return
        }
        answered++
        latencies.push(performance.now() - sentAt)
        const key = String(frame.status)
        byStatus[key] = (byStatus[key] ?? 0) + 1
        if (frame.result?.status === 'NEW' && frame.result.orderId !== undefined)
          openOrderId = frame.result.orderId
        send()
      })
      ws.once('open', send)
      ws.once('error', () => {
        connectionFailures++
      })
      ws.once('close', () => resolve())
    })

  await Promise.all(Array.from({ length: options.connections }, (_, i) => one(i)))
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const round = (n: number) => Math.round(n * 100) / 100
  return {
    connections: options.connections,
    seconds: round(elapsed),
    sent,
    answered,
    events,
    byStatus,
    byMethod,
    requestsPerSecond: Math.round(answered / elapsed),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
    connectionFailures,
  }
}
