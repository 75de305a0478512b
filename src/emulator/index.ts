// A local Binance Spot exchange behind the real WebSocket API: `startEmulator()` and its options.
import { WS_API_PATH } from '../protocol/envelope.js'
import { DEFAULT_SYMBOLS } from './default-symbols.js'
import { demoAccounts } from './demo-accounts.js'
import { Exchange } from './exchange.js'
import { REQUEST_WEIGHT_RULE } from './limits/rules.js'
import { WeightCounter } from './limits/weight-counter.js'
import type { LiquiditySettings } from './liquidity.js'
import type { DemoAccount, EmulatorOptions, LiquidityOptions } from './options.js'
import { listen } from './server.js'
import { UserStreams } from './user-streams.js'

export { DEFAULT_SYMBOLS } from './default-symbols.js'
export type {
  AccountOptions,
  ApiPermission,
  CommissionOptions,
  DemoAccount,
  EmulatorOptions,
  LiquidityOptions,
  SymbolOptions,
} from './options.js'

/** A running emulator. */
export interface Emulator {
  /** `ws://<host>:<port>/ws-api/v3`. */
  readonly url: string
  readonly host: string
  readonly port: number
  /** The generated accounts when none were configured; empty otherwise. */
  readonly demoAccounts: readonly DemoAccount[]
  /** Disconnects every client and stops listening. */
  close(): Promise<void>
}

const DEFAULT_LIQUIDITY: LiquiditySettings = { levels: 10, spacingBps: 5 }

function liquiditySettings(option: boolean | LiquidityOptions | undefined): LiquiditySettings | undefined {
  if (option === false) return undefined
  if (option === undefined || option === true) return DEFAULT_LIQUIDITY
  return { ...DEFAULT_LIQUIDITY, ...option }
}

/** Starts an emulator on `host:port` (default 127.0.0.1, a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1
  const clock = options.now ?? Date.now
  const demo = options.accounts ? undefined : demoAccounts(seed)
  const exchange = new Exchange({
    symbols: options.symbols ?? DEFAULT_SYMBOLS,
    accounts: options.accounts ?? demo?.accounts ?? [],
    liquidity: liquiditySettings(options.liquidity),
    seed,
    commission: options.commission,
    startTime: clock(),
  })
  const host = options.host ?? '127.0.0.1'
  const server = await listen(
    {
      exchange,
      weights: new WeightCounter(REQUEST_WEIGHT_RULE),
      streams: new UserStreams(exchange.engine.ledger),
      clock,
    },
    host,
    options.port ?? 0,
  )
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `ws://${urlHost}:${server.port}${WS_API_PATH}`,
    host,
    port: server.port,
    demoAccounts: demo?.demo ?? [],
    close: () => server.close(),
  }
}
