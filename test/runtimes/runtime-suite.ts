// One runtime's proof: the conformance scenario (HMAC, RSA and Ed25519 keys: connect, session logon, place, cancel,
// lists, balances, user data events), then a market stream and the local order book, then liveness on a platform
// without ping frames — each driven inside the runtime, checked here against the emulator on 127.0.0.1.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI } from '../../src/client/index.js'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'
import { same } from '../conformance/decimal.js'
import { conformanceSuite } from '../conformance/suite.js'
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js'
import type { LivenessReport, MarketDataReport } from './agent-protocol.js'
import { bundleAgent, RuntimeAgent, remoteAdapters } from './runtime-host.js'

/** A started runtime running the agent bundle, told to call the test's RPC socket. */
export interface LaunchedRuntime {
  /** Rejects if the runtime ends or fails before `stop()` (with what it printed). */
  failure?: Promise<never>
  stop(): Promise<void>
}

export interface RuntimeUnderTest {
  /** How the scenario names the client, e.g. `binance-spot-ws in Deno`. */
  client: string
  /** What the agent must report as its runtime (`Deno 2.9.6`, `Bun 1.4.5`, `Page Mozilla/5.0 … HeadlessChrome…`). */
  runtime: RegExp
  /** Starts the runtime on the bundled agent; `dir` holds `agent.js` (a static server may serve it). */
  launch(bundle: { dir: string; file: string }, agentUrl: string): Promise<LaunchedRuntime>
}

/** The launch of a browser, a process or a worker, and the agent's first call, get this long. */
const START_MS = 60_000

export function runtimeSuite(r: RuntimeUnderTest): void {
  let agent: RuntimeAgent
  let launched: LaunchedRuntime | undefined
  let removeBundle = () => {}

  beforeAll(async () => {
    const bundle = await bundleAgent()
    removeBundle = bundle.remove
    agent = await RuntimeAgent.listen()
    launched = await r.launch(bundle, agent.url)
    expect(await Promise.race([agent.hello(), launched.failure ?? agent.hello()])).toMatch(r.runtime)
  }, START_MS)

  afterAll(async () => {
    await agent?.close()
    await launched?.stop()
    removeBundle()
  })

  conformanceSuite(remoteAdapters(r.client, () => agent))

  describe(`${r.client}: a market stream and the local order book`, () => {
    let ex: Emulator
    let report: MarketDataReport
    const ed = generateKeyPairSync('ed25519')

    beforeAll(async () => {
      ex = await startEmulator({
        port: 0,
        accounts: [
          {
            apiKey: 'runtime-ed25519',
            publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            balances: { USDT: '100000', BTC: '2' },
          },
        ],
      })
      report = await agent.call<MarketDataReport>('marketData', {
        apiUrl: ex.url,
        streamsUrl: ex.streams.url,
        apiKey: 'runtime-ed25519',
        privateKeyPem: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        symbol: 'BTCUSDT',
        quantity: '0.01000000',
        tickSize: '0.01',
      })
    }, START_MS)
    afterAll(() => ex?.close())

    /** The account's order as the exchange has it, asked from Node. */
    async function orderOnExchange(orderId: number) {
      const c = await new SpotWebsocketAPI({
        wsURL: ex.url,
        apiKey: 'runtime-ed25519',
        privateKey: ed.privateKey,
      }).connect()
      try {
        return (await c.orderStatus({ symbol: 'BTCUSDT', orderId })).data
      } finally {
        await c.disconnect()
      }
    }

    it('the trade stream delivers the trade of a market order placed from the runtime', async () => {
      const fill = (report.market['fills'] as { price: string; qty: string; tradeId: number }[])[0]
      expect(await orderOnExchange(report.market['orderId'] as number)).toMatchObject({ status: 'FILLED' })
      expect(report.trade).toMatchObject({ e: 'trade', s: 'BTCUSDT', t: fill?.tradeId })
      expect(same(String(report.trade['p']), fill?.price ?? '')).toBe(true)
      expect(same(String(report.trade['q']), fill?.qty ?? '')).toBe(true)
    })

    it('the order book showed the bid placed below the market, at its quantity, and dropped it on cancel', async () => {
      const [price, quantity] = report.bid.level ?? ['', '']
      expect(same(price, report.bid.price)).toBe(true)
      expect(same(quantity, '0.01')).toBe(true)
      expect(await orderOnExchange(report.bid.orderId)).toMatchObject({ status: 'CANCELED' })
      expect(report.updateId).toEqual(expect.any(Number))
      expect(report.levels.bids).toBeGreaterThan(0)
      expect(report.levels.asks).toBeGreaterThan(0)
    })
  })

  describe(`${r.client}: liveness without ping frames`, () => {
    let api: ScriptedServer
    let streams: ScriptedServer
    let report: LivenessReport

    beforeAll(async () => {
      // Servers that accept the socket and then answer nothing at all.
      api = await startScriptedServer(() => undefined)
      streams = await startScriptedServer(() => undefined, { path: '/stream' })
      report = await agent.call<LivenessReport>('liveness', {
        apiUrl: api.url,
        streamsUrl: `ws://127.0.0.1:${streams.port}`,
        pingInterval: 300,
        pongTimeout: 400,
      })
    }, START_MS)
    afterAll(async () => {
      await api?.close()
      await streams?.close()
    })

    it('the API socket sends the `ping` method after silence and drops the socket when it goes unanswered', () => {
      expect(api.received.map((q) => q.method)).toContain('ping')
      expect(report.api).toMatchObject({ state: 'reconnecting', code: 1006, reason: 'no pong within 400 ms' })
    })

    it('the streams socket sends LIST_SUBSCRIPTIONS after silence and drops the socket when it goes unanswered', () => {
      expect(streams.received.map((q) => q.method)).toContain('LIST_SUBSCRIPTIONS')
      expect(report.streams).toMatchObject({
        state: 'reconnecting',
        code: 1006,
        reason: 'no pong within 400 ms',
      })
    })
  })
}
