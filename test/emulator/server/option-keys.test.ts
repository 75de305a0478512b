// startEmulator refuses a key it does not take, at any depth, naming it (docs/emulator-control.md): a misspelt
// option must not start an emulator that silently ignores it.
import { describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS } from '../../../src/emulator/exchange/default-symbols.js'
import { startEmulator } from '../../../src/emulator/index.js'
import type { SymbolOptions } from '../../../src/emulator/options.js'

const account = { apiKey: 'k1', hmacSecret: 's1' }
const symbol = DEFAULT_SYMBOLS[0] as SymbolOptions

/** Options with one misspelt key, and the path the error must name. */
const MISSPELT: [string, Record<string, unknown>][] = [
  ['legacyListenKy', { legacyListenKy: true }],
  ['accounts[1].hmacSecrt', { accounts: [account, { apiKey: 'k2', hmacSecrt: 's2' }] }],
  [
    'accounts[0].commissions.bySymbol.BTCUSDT.tax.maker_',
    {
      accounts: [{ ...account, commissions: { bySymbol: { BTCUSDT: { tax: { maker_: '0.1' } } } } }],
    },
  ],
  [
    'symbols[0].priceRange.bidLimitMultUP',
    { symbols: [{ ...symbol, priceRange: { bidLimitMultUP: '1.1' } }] },
  ],
  ['liquidity.level', { liquidity: { level: 3 } }],
  ['commission.makr', { commission: { makr: '0.001' } }],
  ['connection.pingIntervall', { connection: { pingIntervall: 1000 } }],
  ['limits.firstFillDecrement.takr', { limits: { firstFillDecrement: { takr: 1 } } }],
  ['bnbDiscount.rate', { bnbDiscount: { rate: {} } }],
]

describe('unknown options', () => {
  it('are refused with a TypeError that names the key and its path, before anything listens', async () => {
    for (const [path, options] of MISSPELT) {
      const refusal = await startEmulator(options).catch((e: unknown) => e)
      expect(refusal, path).toBeInstanceOf(TypeError)
      expect((refusal as Error).message, path).toMatch(
        new RegExp(`^unknown option '${path.replace(/[.[\]]/g, '\\$&')}'; known at .*: `),
      )
    }
  })

  it('lists the keys that are taken where the typo was', async () => {
    const refusal = (await startEmulator({ liquidity: { level: 3 } } as never).catch(
      (e: unknown) => e,
    )) as Error
    expect(refusal.message).toBe("unknown option 'liquidity.level'; known at liquidity: levels, spacingBps")
  })

  it('every documented key, spelt right, starts the emulator', async () => {
    const ex = await startEmulator({
      accounts: [{ ...account, commissions: { bySymbol: { BTCUSDT: { tax: { maker: '0.1' } } } } }],
      symbols: [{ ...symbol, priceRange: { bidLimitMultUp: '1.1' } }],
      liquidity: { levels: 3 },
      commission: { maker: '0.001' },
      connection: { pingInterval: 1000 },
      limits: { firstFillDecrement: { taker: 1 } },
      bnbDiscount: { rates: {} },
      legacyListenKey: false,
    })
    await ex.close()
  })
})
