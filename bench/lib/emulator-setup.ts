// The emulator as the benchmarks run it: two funded accounts (HMAC and Ed25519), liquidity on, rate limits raised.
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/index.js'

export interface BenchAccounts {
  hmacApiKey: string
  hmacSecret: string
  edApiKey: string
  edPublicPem: string
}

const BALANCES = { USDT: '1000000000', BTC: '1000000', BNB: '1000000' }
/** Binance's limits (6000 weight/min per IP, 50 orders/10 s) would stop a benchmark within a second. */
const UNLIMITED = 1_000_000_000_000

/**
 * Starts the emulator for a throughput benchmark; every other check (signatures, filters, balances) stays on.
 * With `dataDir`, every command is journaled (on disk) before its answer leaves; `snapshots` replaces
 * the default snapshot settings (records between them, the longest one serialized on the main thread).
 */
export function startBenchEmulator(
  a: BenchAccounts,
  dataDir?: string,
  snapshots: Pick<EmulatorOptions, 'snapshotEvery' | 'snapshotInlineMs'> = {},
): Promise<Emulator> {
  return startEmulator({
    port: 0,
    ...(dataDir && { dataDir }),
    ...snapshots,
    limits: {
      banAfter: false,
      requestWeight: UNLIMITED,
      ordersPer10Seconds: UNLIMITED,
      ordersPerDay: UNLIMITED,
    },
    accounts: [
      { apiKey: a.hmacApiKey, hmacSecret: a.hmacSecret, balances: BALANCES },
      { apiKey: a.edApiKey, publicKey: a.edPublicPem, balances: BALANCES },
    ],
  })
}
