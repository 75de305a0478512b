// Runs inside another runtime (a browser page or worker, Bun, Deno) and drives the client there for the Node test:
// the conformance adapter and the market data and liveness checks, as operations called over a WebSocket (the
// runtime's own). Frames: `{id, op, args}` in; `{id, result}` or `{id, error}` out; user data events pushed as
// `{push, event}`. Bundled by runtime-host.ts with the client's web entry standing in for the Node one.
import {
  BinanceError,
  type ConnectionStatus,
  createOrderBook,
  type OrderBook,
  SpotWebsocketAPI,
  SpotWebsocketStreams,
} from '../../src/client/web.js'
import type { ConformanceAdapter, Credentials, Target } from '../conformance/adapter.js'
import { ours } from '../conformance/adapters/ours.js'
import { same, scaleDown } from '../conformance/decimal.js'
import {
  ADAPTER_METHODS,
  type AgentError,
  type AgentFrame,
  type AgentRequest,
  type LivenessReport,
  type LivenessRequest,
  type MarketDataReport,
  type MarketDataRequest,
  WAIT_MS,
} from './agent-protocol.js'

type UserDataSubscription = Awaited<ReturnType<NonNullable<ConformanceAdapter['subscribeUserData']>>>

const runtime = (): string => {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } }
  if (g.Deno) return `Deno ${g.Deno.version.deno}`
  if (g.Bun) return `Bun ${g.Bun.version}`
  const worker = 'WorkerGlobalScope' in globalThis
  const agent = (globalThis as { navigator?: { userAgent: string } }).navigator?.userAgent
  return `${worker ? 'Worker' : 'Page'} ${agent}`
}

/** Resolves with the first value `listen` hands to its callback that `match` accepts; rejects after WAIT_MS. */
function first<T>(what: string, listen: (cb: (v: T) => void) => () => void, match: (v: T) => boolean) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`no ${what} within ${WAIT_MS} ms`))
    }, WAIT_MS)
    const stop = listen((v) => {
      if (!match(v)) return
      clearTimeout(timer)
      stop()
      resolve(v)
    })
  })
}

type StatusSource = {
  on(name: 'status', fn: (s: ConnectionStatus) => void): unknown
  off(name: 'status', fn: (s: ConnectionStatus) => void): unknown
}

const onStatus = (c: StatusSource) => (cb: (s: ConnectionStatus) => void) => {
  c.on('status', cb)
  return () => c.off('status', cb)
}

const bookChange = (book: OrderBook) => (cb: (v: undefined) => void) => {
  const fn = () => cb(undefined)
  book.on('change', fn)
  return () => book.off('change', fn)
}

/** A market stream (the trade of an order placed here) and the local order book following a bid placed and canceled. */
async function marketData(o: MarketDataRequest): Promise<MarketDataReport> {
  const { symbol, quantity } = o
  const api = await new SpotWebsocketAPI({
    wsURL: o.apiUrl,
    apiKey: o.apiKey,
    privateKey: o.privateKeyPem,
  }).connect()
  const streams = await new SpotWebsocketStreams({ wsURL: o.streamsUrl }).connect()
  const book = createOrderBook({ streams, api, symbol })
  try {
    const name = `${symbol.toLowerCase()}@trade` as const
    await streams.subscribe(name)
    const trades = streams.stream(name)
    const trade = first(
      'trade event',
      (cb) => {
        trades.on('message', cb)
        return () => trades.off('message', cb)
      },
      () => true,
    )
    const market = await api.orderPlace({
      symbol,
      side: 'BUY',
      type: 'MARKET',
      quantity,
      newOrderRespType: 'FULL',
    })
    const tradeEvent = await trade

    await book.start()
    const bestBid = book.bestBid()?.[0] ?? '0'
    const price = scaleDown(bestBid, 95n, o.tickSize)
    const levelOf = () => book.bids().find(([p]) => same(p, price))
    const shown = first('book change showing the bid', bookChange(book), () => levelOf() !== undefined)
    const bid = await api.orderPlace({
      symbol,
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price,
      quantity,
    })
    await shown
    const level = levelOf()
    const gone = first('book change without the bid', bookChange(book), () => levelOf() === undefined)
    await api.orderCancel({ symbol, orderId: bid.data.orderId })
    await gone
    return {
      trade: tradeEvent as unknown as Record<string, unknown>,
      market: market.data as unknown as Record<string, unknown>,
      bid: { orderId: bid.data.orderId, price, level },
      updateId: book.updateId,
      levels: { bids: book.bids().length, asks: book.asks().length },
    }
  } finally {
    await book.close()
    await streams.disconnect()
    await api.disconnect()
  }
}

/** Connects an API and a streams client to silent servers: each must find its socket dead by itself. */
async function liveness(o: LivenessRequest): Promise<LivenessReport> {
  const timing = { pingInterval: o.pingInterval, pongTimeout: o.pongTimeout, reconnectDelay: 60_000 }
  const api = await new SpotWebsocketAPI({ wsURL: o.apiUrl, syncClock: false, ...timing }).connect()
  const streams = await new SpotWebsocketStreams({ wsURL: o.streamsUrl, ...timing }).connect()
  try {
    const dead = (s: ConnectionStatus) => s.state === 'reconnecting'
    const [a, s] = await Promise.all([
      first('API reconnect', onStatus(api), dead),
      first('streams reconnect', onStatus(streams), dead),
    ])
    return { api: a, streams: s }
  } finally {
    await api.disconnect()
    await streams.disconnect()
  }
}

function errorOf(err: unknown, adapter?: ConformanceAdapter): AgentError {
  const e = err instanceof Error ? err : new Error(String(err))
  const api =
    adapter?.apiError(err) ?? (err instanceof BinanceError ? { code: err.code, msg: err.msg } : undefined)
  return { name: e.name, message: e.message, ...(api ? { api } : {}) }
}

/** The standard WebSocket, as far as the agent uses it. */
interface RpcSocket {
  send(text: string): void
  onopen: (() => void) | null
  onmessage: ((e: { data: unknown }) => void) | null
  onerror: (() => void) | null
  onclose: (() => void) | null
}

/** Serves the Node test on `rpcUrl` until it closes the socket. */
export function serveAgent(rpcUrl: string): Promise<void> {
  const adapters = new Map<string, ConformanceAdapter>()
  const subscriptions = new Map<string, UserDataSubscription>()
  let seq = 0
  const Socket = (globalThis as unknown as { WebSocket: new (url: string) => RpcSocket }).WebSocket
  const ws = new Socket(rpcUrl)
  const send = (frame: AgentFrame) => ws.send(JSON.stringify(frame))
  const adapter = (id: string) => {
    const a = adapters.get(id)
    if (!a) throw new Error(`no adapter ${id}`)
    return a
  }
  const ops: Record<string, (...args: never[]) => unknown> = {
    create: async (target: Target, credentials: Credentials) => {
      const id = `a${++seq}`
      adapters.set(id, await ours.create(target, credentials))
      return id
    },
    call: (id: string, method: string, args: unknown[]) => {
      if (!(ADAPTER_METHODS as readonly string[]).includes(method)) throw new Error(`no method ${method}`)
      const fn = adapter(id)[method as (typeof ADAPTER_METHODS)[number]] as (...a: unknown[]) => unknown
      return fn(...args)
    },
    subscribeUserData: async (id: string) => {
      const sub = `s${++seq}`
      const subscribe = adapter(id).subscribeUserData
      if (!subscribe) throw new Error('the adapter cannot subscribe')
      subscriptions.set(sub, await subscribe((event) => send({ push: sub, event })))
      return sub
    },
    unsubscribeUserData: async (sub: string) => {
      await subscriptions.get(sub)?.close()
      subscriptions.delete(sub)
    },
    close: async (id: string) => {
      await adapters.get(id)?.close()
      adapters.delete(id)
    },
    marketData: (o: MarketDataRequest) => marketData(o),
    liveness: (o: LivenessRequest) => liveness(o),
  }
  const handle = async ({ id, op, args }: AgentRequest) => {
    const fn = ops[op] as ((...a: unknown[]) => unknown) | undefined
    try {
      if (!fn) throw new Error(`no op ${op}`)
      send({ id, result: (await fn(...args)) ?? null })
    } catch (err) {
      const owner = op === 'call' ? adapters.get(String(args[0])) : undefined
      send({ id, error: errorOf(err, owner) })
    }
  }
  return new Promise((resolve, reject) => {
    ws.onopen = () => send({ hello: runtime() })
    ws.onmessage = (e) => void handle(JSON.parse(String(e.data)) as AgentRequest)
    ws.onerror = () => reject(new Error(`agent: cannot reach ${rpcUrl}`))
    ws.onclose = () => {
      for (const a of adapters.values()) void a.close()
      resolve()
    }
  })
}

/** Where the Node test listens: `?rpc=` of the page or worker URL, or the first argument (Bun, Deno). */
function rpcArgument(): string | undefined {
  const g = globalThis as {
    location?: { search: string }
    Deno?: { args: string[] }
    Bun?: { argv: string[] }
  }
  if (g.location?.search) return new URLSearchParams(g.location.search).get('rpc') ?? undefined
  return g.Deno?.args[0] ?? g.Bun?.argv[2]
}

const url = rpcArgument()
if (url) void serveAgent(url)
