// The emulator as the benchmarks run it: two funded accounts (HMAC and Ed25519), liquidity on, rate limits lifted.
import { ORDER_RULES, REQUEST_WEIGHT_RULE } from '../../src/emulator/limits/rules.js'
import { type Emulator, startEmulator } from '../../src/emulator/index.js'

export interface BenchAccounts {
  hmacApiKey: string
  hmacSecret: string
  edApiKey: string
  edPublicPem: string
}

const BALANCES = { USDT: '1000000000', BTC: '1000000', BNB: '1000000' }

/**
 * Starts the emulator for a throughput benchmark. Binance's limits (REQUEST_WEIGHT 6000/min per IP, ORDERS 50/10 s)
 * would stop a benchmark within a second, and the emulator has no option to lift them, so the benchmark raises
 * the published rules in place (they are read live); every other check (signatures, filters, balances) stays on.
 */
export function startBenchEmulator(a: BenchAccounts): Promise<Emulator> {
  for (const rule of [REQUEST_WEIGHT_RULE, ...ORDER_RULES]) (rule as { limit: number }).limit = 1e12
  return startEmulator({
    port: 0,
    limits: { banAfter: false },
    accounts: [
      { apiKey: a.hmacApiKey, hmacSecret: a.hmacSecret, balances: BALANCES },
      { apiKey: a.edApiKey, publicKey: a.edPublicPem, balances: BALANCES },
    ],
  })
}
