// What the exchange is made of, from the emulator's options: the one definition `startEmulator` builds its exchange
// from and a data dir's state belongs to (its fingerprint), so `checkDataDir` rebuilds the same.
import type { ExchangeSetup } from './api/persistence/replayed-snapshot.js'
import { demoAccounts } from './demo-accounts.js'
import type { ExchangeConfig } from './exchange/config.js'
import { DEFAULT_SYMBOLS } from './exchange/default-symbols.js'
import type { Limits } from './exchange/limits/options.js'
import { rateLimitRules } from './exchange/limits/rules.js'
import type { LiquiditySettings } from './exchange/liquidity.js'
import type { EmulatorOptions, LiquidityOptions } from './options.js'

const DEFAULT_LIQUIDITY: LiquiditySettings = { levels: 10, spacingBps: 5 }

function liquiditySettings(option: boolean | LiquidityOptions | undefined): LiquiditySettings | undefined {
  if (option === false) return undefined
  if (option === undefined || option === true) return DEFAULT_LIQUIDITY
  return { ...DEFAULT_LIQUIDITY, ...option }
}

/** The exchange's setup, and the demo accounts made when the options give none. */
export function exchangeSetup(
  options: EmulatorOptions,
  limits: Limits,
  synthBook?: ExchangeConfig['synthBook'],
) {
  const seed = options.seed ?? 1
  const demo = options.accounts ? undefined : demoAccounts(seed)
  const config = {
    symbols: options.symbols ?? DEFAULT_SYMBOLS,
    accounts: options.accounts ?? demo?.accounts ?? [],
    liquidity: liquiditySettings(options.liquidity),
    seed,
    synthBook,
    commission: options.commission,
    firstFillDecrement: limits.firstFillDecrement,
    rateLimits: rateLimitRules(limits),
    exchangeFilters: options.exchangeFilters,
    sors: options.sors,
    bnbDiscount: options.bnbDiscount,
    wsApiTrading: options.wsApiTrading,
    orderArchiveAfter: options.orderArchiveAfter,
  } satisfies ExchangeSetup
  return { config, demo }
}
