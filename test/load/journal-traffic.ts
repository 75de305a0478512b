// The journal load's traffic: N connections, each from its own 127.0.x.y address with its own account, three in four
// on the WebSocket API and one in four on REST (keep-alive, one socket). Each runs a paced closed loop of order
// cycles — a resting LIMIT placed, amended (keepPriority), canceled; a MARKET order that fills — with queries in
// between; every 10th account is Ed25519 and logs on and subscribes to its user data stream. Paced to stay within
// Binance's REQUEST_WEIGHT and ORDERS limits per address and account, so every answer must be a 200.
import { type Agent, Agent as HttpAgent, request as httpRequest } from 'node:http'
import { WebSocket } from 'ws'
import { METHOD_BY_WIRE, type Method } from '../../src/protocol/methods.js'
import { signaturePayload } from '../../src/protocol/signing.js'
import { ED25519, type Key, keyOf } from '../support/keys.js'
import { percentile } from './load-kit.js'

export interface Seat extends Key {
  readonly index: number
  readonly ed25519: boolean
  readonly rest: boolean
  readonly localAddress: string
}

/** The config file's accounts and the seats that trade them. */
export function journalSeats(n: number): { seats: Seat[]; accounts: Record<string, unknown>[] } {
  const seats: Seat[] = []
  const accounts: Record<string, unknown>[] = []
  const balances = { USDT: '10000000', BTC: '1000', ETH: '10000' }
  for (let index = 0; index < n; index++) {
    const localAddress = `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`
    const ed25519 = index % 10 === 0
    const apiKey = `journal-${index}`
    if (ed25519) {
      seats.push({ ...keyOf(apiKey, ED25519.privateKey), index, ed25519, rest: false, localAddress })
      accounts.push({ apiKey, publicKey: ED25519.publicKeyPem, balances })
    } else {
      const secret = `journal-secret-${index}`
      seats.push({ ...keyOf(apiKey, secret), index, ed25519, rest: index % 4 === 3, localAddress })
      accounts.push({ apiKey, hmacSecret: secret, balances })
    }
  }
  return { seats, accounts }
}

/** The symbols the load trades, with a resting price far below the market and the quantities it uses. */
export const MARKETS = [
  { symbol: 'BTCUSDT', rest: '50000.00', qty: '0.00200', amended: '0.00100', market: '0.00100' },
  { symbol: 'ETHUSDT', rest: '2500.00', qty: '0.0400', amended: '0.0200', market: '0.0100' },
] as const

/** One answer, over either API. */
interface Answer {
  readonly status: number
  readonly code?: number
  readonly result?: Record<string, unknown>
}

/** An acknowledged change (its answer was a 200): what must survive any stop. */
export interface Acked {
  readonly account: string
  readonly symbol: string
  readonly orderId: number
  /** The order's state the answer showed: placed (NEW or FILLED), amended to `qty`, or canceled. */
  readonly kind: 'placed' | 'amended' | 'canceled'
  readonly status?: string | undefined
  readonly qty?: string
}

export interface TrafficReport {
  readonly seconds: number
  readonly sent: number
  readonly answered: number
  /** Answers other than 200, as `method status code`. */
  readonly unexpected: Record<string, number>
  readonly byMethod: Record<string, number>
  /** Order-changing requests answered 200 (each is one journaled command). */
  readonly changes: number
  readonly events: number
  readonly latencyMs: { p50: number; p99: number; max: number }
  /** Connections that ended before the load did (a killed emulator), and requests left unanswered by them. */
  readonly cut: number
  readonly unanswered: number
}

export interface TrafficOptions {
  readonly seconds: number
  /** The least time between one answer and the next request of a connection, ms. */
  readonly paceMs: number
  /** Called with every acknowledged change, in the order the answers came. */
  readonly onAck?: (a: Acked) => void
  /** Ends the load early (every connection stops after its current request). */
  readonly stop?: AbortSignal
}

const RECV_WINDOW = 60_000
const CHANGES = new Set<Method>(['order.place', 'order.amend.keepPriority', 'order.cancel'])

type Call = (method: Method, params: Record<string, unknown>) => Promise<Answer>

/** A WebSocket API connection with one request at a time; events are counted. */
async function wsTransport(
  url: string,
  seat: Seat,
  onEvent: () => void,
): Promise<{ call: Call; close(): void }> {
  const ws = new WebSocket(url, { localAddress: seat.localAddress })
  let pending: { resolve: (a: Answer) => void; reject: (e: Error) => void } | undefined
  let next = 0
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as {
      event?: unknown
      status: number
      result?: Record<string, unknown>
      error?: { code: number }
    }
    if (frame.event !== undefined) return onEvent()
    const p = pending
    pending = undefined
    p?.resolve({
      status: frame.status,
      ...(frame.error ? { code: frame.error.code } : {}),
      ...(frame.result ? { result: frame.result } : {}),
    })
  })
  ws.on('close', () => pending?.reject(new Error('connection closed')))
  ws.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('close', () => reject(new Error('connection refused')))
  })
  return {
    call: (method, params) =>
      new Promise((resolve, reject) => {
        // Closed between two requests (a kill during the pause): ws.send would drop the frame and nothing would answer.
        if (ws.readyState !== WebSocket.OPEN) return reject(new Error('connection closed'))
        pending = { resolve, reject }
        ws.send(JSON.stringify({ id: next++, method, params }))
      }),
    close: () => ws.close(),
  }
}

/** REST over one keep-alive socket from the seat's address, signed in the query string. */
function restTransport(base: string, seat: Seat): { call: Call; close(): void } {
  const agent: Agent = new HttpAgent({ keepAlive: true, maxSockets: 1, localAddress: seat.localAddress })
  const call: Call = (method, params) => {
    const spec = METHOD_BY_WIRE.get(method)
    if (!spec?.rest) throw new Error(`${method} has no REST endpoint`)
    const { verb, path } = spec.rest
    let query = new URLSearchParams(params as Record<string, string>).toString()
    const headers: Record<string, string> = {}
    if (spec.security !== 'NONE') {
      headers['X-MBX-APIKEY'] = seat.apiKey
      query += `&signature=${encodeURIComponent(seat.signer.sign(query))}`
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}${path}?${query}`, { method: verb, agent, headers }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          text += d
        })
        res.on('end', () => {
          const body = JSON.parse(text) as Record<string, unknown>
          const status = res.statusCode ?? 0
          resolve(status === 200 ? { status, result: body } : { status, code: Number(body['code']) })
        })
        res.on('error', reject)
        // A kill in the middle of an answer ends it without 'end' or 'error' (after 'end' this does nothing).
        res.on('close', () => reject(new Error('the answer was cut')))
      })
      req.on('error', reject)
      req.end()
    })
  }
  return { call, close: () => agent.destroy() }
}

/** Runs the load on `url` (WebSocket API) and `base` (REST); resolves when every connection has ended. */
export async function runJournalTraffic(
  url: string,
  base: string,
  seats: readonly Seat[],
  o: TrafficOptions,
): Promise<TrafficReport> {
  const unexpected: Record<string, number> = {}
  const byMethod: Record<string, number> = {}
  const latencies: number[] = []
  let sent = 0
  let answered = 0
  let changes = 0
  let events = 0
  let cut = 0
  const started = performance.now()
  const deadline = started + o.seconds * 1000
  const over = () => performance.now() >= deadline || o.stop?.aborted === true

  const one = async (seat: Seat) => {
    const t = seat.rest ? restTransport(base, seat) : await wsTransport(url, seat, () => events++)
    const signed = (params: Record<string, unknown>) => {
      const all = { ...params, recvWindow: RECV_WINDOW, timestamp: Date.now() }
      // Over the WebSocket API the key and signature are params; over REST the transport signs the query.
      if (seat.rest) return all
      const withKey = { ...all, apiKey: seat.apiKey }
      return { ...withKey, signature: seat.signer.sign(signaturePayload(withKey)) }
    }
    const send = async (method: Method, params: Record<string, unknown>): Promise<Answer> => {
      sent++
      byMethod[method] = (byMethod[method] ?? 0) + 1
      const at = performance.now()
      const a = await t.call(method, params)
      answered++
      latencies.push(performance.now() - at)
      if (a.status !== 200) {
        const key = `${method} ${a.status} ${a.code ?? ''}`
        unexpected[key] = (unexpected[key] ?? 0) + 1
      } else if (CHANGES.has(method)) changes++
      if (!over()) await new Promise((r) => setTimeout(r, o.paceMs))
      return a
    }
    const ack = (a: Acked) => o.onAck?.(a)
    const account = seat.apiKey
    try {
      if (seat.ed25519) {
        await send('session.logon', signed({}))
        await send('userDataStream.subscribe', {})
      }
      for (let cycle = 0; !over(); cycle++) {
        const m = MARKETS[cycle % MARKETS.length] ?? MARKETS[0]
        const { symbol } = m
        const query = async (k: number) => {
          if (over()) return
          switch ((cycle * 3 + k) % 6) {
            case 0:
              return send('openOrders.status', signed({ symbol }))
            case 1:
              return send('depth', { symbol, limit: 5 })
            case 2:
              return send('myTrades', signed({ symbol, limit: 10 }))
            case 3:
              return send('ticker.price', { symbol })
            case 4:
              return send('account.status', signed({ omitZeroBalances: true }))
            default:
              return send('time', {})
          }
        }
        const placed = await send(
          'order.place',
          signed({ symbol, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: m.rest, quantity: m.qty }),
        )
        const orderId = placed.result?.['orderId'] as number | undefined
        const placedStatus = placed.result?.['status'] as string | undefined
        if (orderId !== undefined) ack({ account, symbol, orderId, kind: 'placed', status: placedStatus })
        await query(0)
        if (orderId !== undefined && !over()) {
          const amended = await send(
            'order.amend.keepPriority',
            signed({ symbol, orderId, newQty: m.amended }),
          )
          if (amended.status === 200) ack({ account, symbol, orderId, kind: 'amended', qty: m.amended })
        }
        await query(1)
        if (orderId !== undefined) {
          const canceled = await send('order.cancel', signed({ symbol, orderId }))
          if (canceled.status === 200) ack({ account, symbol, orderId, kind: 'canceled', status: 'CANCELED' })
        }
        if (over()) break
        const side = cycle % 4 < 2 ? 'BUY' : 'SELL'
        const filled = await send(
          'order.place',
          signed({ symbol, side, type: 'MARKET', quantity: m.market, newOrderRespType: 'RESULT' }),
        )
        const marketId = filled.result?.['orderId'] as number | undefined
        const status = filled.result?.['status'] as string | undefined
        if (marketId !== undefined) ack({ account, symbol, orderId: marketId, kind: 'placed', status })
        await query(2)
      }
    } catch {
      // The emulator went away (a kill): this connection's last request has no answer.
      cut++
    } finally {
      t.close()
    }
  }

  await Promise.all(seats.map(one))
  latencies.sort((a, b) => a - b)
  const at = (p: number) => Math.round(percentile(latencies, p) * 10) / 10
  return {
    seconds: Math.round((performance.now() - started) / 100) / 10,
    sent,
    answered,
    unexpected,
    byMethod,
    changes,
    events,
    latencyMs: { p50: at(50), p99: at(99), max: at(100) },
    cut,
    unanswered: sent - answered,
  }
}
