// Shared setup of the area-A end-to-end tests: two Ed25519 accounts in trade group 1, no liquidity,
// the default symbols plus BTCPLAIN with every optional feature disabled.
import { generateKeyPairSync } from 'node:crypto'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../src/client/index.js'
import { DEFAULT_SYMBOLS, type Emulator, startEmulator } from '../../src/emulator/index.js'
import type { SymbolOptions } from '../../src/emulator/options.js'

type Pem = { export(o: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer }
const pem = (k: Pem, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString()
const keys = { ka: generateKeyPairSync('ed25519'), kb: generateKeyPairSync('ed25519') }

function btcusdt(): SymbolOptions {
  const btc = DEFAULT_SYMBOLS.find((s) => s.symbol === 'BTCUSDT')
  if (!btc) throw new Error('BTCUSDT missing')
  return btc
}

/** Starts the emulator and connects both accounts (session logon, so they can subscribe). */
export async function startOrdersEmulator(): Promise<{
  ex: Emulator
  a: WebsocketAPIConnection
  b: WebsocketAPIConnection
}> {
  const ex = await startEmulator({
    port: 0,
    liquidity: false,
    symbols: [
      ...DEFAULT_SYMBOLS,
      {
        ...btcusdt(),
        symbol: 'BTCPLAIN',
        icebergAllowed: false,
        allowTrailingStop: false,
        cancelReplaceAllowed: false,
        amendAllowed: false,
        pegInstructionsAllowed: false,
        orderTypes: ['LIMIT', 'MARKET'],
        allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER'],
      },
    ],
    accounts: (['ka', 'kb'] as const).map((apiKey) => ({
      apiKey,
      publicKey: pem(keys[apiKey].publicKey, 'spki'),
      balances: { USDT: '1000000', BTC: '50', ETH: '100' },
      tradeGroupId: 1,
    })),
  })
  const connect = (apiKey: 'ka' | 'kb') =>
    new SpotWebsocketAPI({
      wsURL: ex.url,
      apiKey,
      privateKey: pem(keys[apiKey].privateKey, 'pkcs8'),
      autoSessionLogon: true,
    }).connect()
  return { ex, a: await connect('ka'), b: await connect('kb') }
}

/** The error a promise rejects with, or 'resolved'. */
export const rejection = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => e,
  )

/** A GTC LIMIT order's params. */
export const limit = (symbol: string, side: 'BUY' | 'SELL', price: string, quantity: string) =>
  ({ symbol, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity }) as const
