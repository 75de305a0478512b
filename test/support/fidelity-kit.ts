// Shared setup of the fidelity end-to-end tests: two Ed25519 accounts (no trade group), no liquidity,
// the default symbols plus symbols with features, order types or filters switched off.
import { generateKeyPairSync } from 'node:crypto'
import { vi } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../src/client/index.js'
import {
  type AccountOptions,
  DEFAULT_SYMBOLS,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '../../src/emulator/index.js'
import type { SymbolOptions } from '../../src/emulator/options.js'
import type { ExecutionReport, ListStatusEvent, UserDataEvent } from '../../src/protocol/events.js'

type Pem = { export(o: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer }
const pem = (k: Pem, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString()
const keys = { fa: generateKeyPairSync('ed25519'), fb: generateKeyPairSync('ed25519') }

/** A default symbol with `changes` applied (a new `symbol` name makes a copy). */
export function symbolLike(name: string, changes: Partial<SymbolOptions> = {}): SymbolOptions {
  const base = DEFAULT_SYMBOLS.find((s) => s.symbol === name)
  if (!base) throw new Error(`${name} missing`)
  return { ...base, ...changes }
}

/** Every optional feature off, every order type allowed. */
export const NO_FEATURES: SymbolOptions = symbolLike('BTCUSDT', {
  symbol: 'NOFEAT',
  quoteOrderQtyMarketAllowed: false,
  icebergAllowed: false,
  ocoAllowed: false,
  otoAllowed: false,
  opoAllowed: false,
  allowTrailingStop: false,
  cancelReplaceAllowed: false,
  amendAllowed: false,
  pegInstructionsAllowed: false,
})

/** LIMIT orders only. */
export const LIMIT_ONLY: SymbolOptions = symbolLike('BTCUSDT', { symbol: 'LIMITONLY', orderTypes: ['LIMIT'] })

/** EXPIRE_MAKER by default. */
export const STP_DEFAULT: SymbolOptions = symbolLike('BTCUSDT', {
  symbol: 'STPUSDT',
  defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
  allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
})

/** No minimum price and no notional filter: a zero price reaches the "Price * QTY" check. */
export const ZERO_PRICE: SymbolOptions = symbolLike('BTCUSDT', {
  symbol: 'ZEROUSDT',
  filters: [
    {
      filterType: 'PRICE_FILTER',
      minPrice: '0.00000000',
      maxPrice: '1000000.00000000',
      tickSize: '0.01000000',
    },
    { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
  ],
})

/** Changes to the kit's emulator: more options, and fields added to both accounts (balances merged). */
export interface FidelityTweaks {
  emulator?: Omit<EmulatorOptions, 'port' | 'symbols' | 'accounts'>
  account?: Partial<Pick<AccountOptions, 'balances' | 'commission' | 'commissions' | 'tradeGroupId'>>
}

/** Starts the emulator with `extra` symbols (default: the four above) and connects both accounts. */
export async function startFidelityEmulator(
  extra: SymbolOptions[] = [NO_FEATURES, LIMIT_ONLY, STP_DEFAULT, ZERO_PRICE],
  tweaks: FidelityTweaks = {},
): Promise<{
  ex: Emulator
  a: WebsocketAPIConnection
  b: WebsocketAPIConnection
  /** Account `fa` again, without the client's own client order ids (so the emulator generates them). */
  bare: WebsocketAPIConnection
  /** A new connection of one account (e.g. one that has not learnt the rate limit counts); the caller closes it. */
  connect: (apiKey: 'fa' | 'fb', autoClientOrderId?: boolean) => Promise<WebsocketAPIConnection>
}> {
  const ex = await startEmulator({
    liquidity: false,
    ...tweaks.emulator,
    port: 0,
    symbols: [...DEFAULT_SYMBOLS, ...extra],
    accounts: (['fa', 'fb'] as const).map((apiKey) => ({
      ...tweaks.account,
      apiKey,
      publicKey: pem(keys[apiKey].publicKey, 'spki'),
      balances: { USDT: '1000000', BTC: '50', ETH: '100', ...tweaks.account?.balances },
    })),
  })
  const connect = (apiKey: 'fa' | 'fb', autoClientOrderId = true) =>
    new SpotWebsocketAPI({
      wsURL: ex.url,
      apiKey,
      privateKey: pem(keys[apiKey].privateKey, 'pkcs8'),
      autoSessionLogon: true,
      autoClientOrderId,
    }).connect()
  return { ex, a: await connect('fa'), b: await connect('fb'), bare: await connect('fa', false), connect }
}

/** The error a promise rejects with, or 'resolved'. */
export const rejection = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => e,
  )

/** The `{code, msg, status}` of a -2010 rejection with `msg`. */
export const rejected = (msg: string) => ({ code: -2010, msg, status: 400 })

/** A GTC LIMIT order's params. */
export const limit = (symbol: string, side: 'BUY' | 'SELL', price: string, quantity: string) =>
  ({ symbol, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity }) as const

/** Every user data event of one account, as it arrives, with lookups that wait for an event to come. */
export interface EventLog {
  readonly events: UserDataEvent[]
  /** The executionReports of one order (order ids count per symbol), in arrival order. */
  reports(symbol: string, orderId: number): ExecutionReport[]
  /** The listStatus events of one list, in arrival order. */
  lists(orderListId: number): ListStatusEvent[]
  /** Resolves once `check` stops throwing (events are sent after the response that caused them). */
  until<T>(check: () => T): Promise<T>
}

/** Subscribes `conn`'s account to its user data stream and records every event. */
export async function recordEvents(conn: WebsocketAPIConnection): Promise<EventLog> {
  const events: UserDataEvent[] = []
  const { stream } = await conn.userDataStreamSubscribe()
  stream.on('*', (e) => events.push(e))
  return {
    events,
    reports: (symbol, orderId) =>
      events.filter(
        (e): e is ExecutionReport => e.e === 'executionReport' && e.s === symbol && e.i === orderId,
      ),
    lists: (orderListId) =>
      events.filter((e): e is ListStatusEvent => e.e === 'listStatus' && e.g === orderListId),
    until: (check) => vi.waitFor(check, { timeout: 2000, interval: 5 }),
  }
}
