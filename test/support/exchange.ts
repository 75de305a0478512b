// The one way tests start the emulator: accounts by key kind with default balances, an optional clock that
// moves only when the test moves it, and API clients that sign as each account; `close` ends all of it.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { type ClientConfig, SpotWebsocketAPI, type WebsocketAPIConnection } from '../../src/client/index.js'
import {
  type AccountOptions,
  DEFAULT_SYMBOLS,
  type Emulator,
  type EmulatorOptions,
  type SymbolOptions,
  startEmulator,
} from '../../src/emulator/index.js'
import { ED25519, HMAC_SECRET, type KeyPair, OTHER_ED25519, rsaKeys } from './keys.js'
import { recordEvents, type UserEvents } from './user-events.js'

type AccountSettings = Omit<
  Extract<AccountOptions, { hmacSecret: string }>,
  'apiKey' | 'hmacSecret' | 'publicKey'
>

/** An emulator account; `key` picks how it signs (default Ed25519: its connections log on). */
export interface TestAccount extends AccountSettings {
  readonly apiKey: string
  readonly key?: 'ed25519' | 'other-ed25519' | 'hmac' | 'rsa'
  /** The HMAC secret of a `hmac` account (default `HMAC_SECRET`). */
  readonly secret?: string
}

/** Balances of an account that names none. */
export const BALANCES = { USDT: '1000000', BTC: '50', ETH: '100' }

export interface TestExchangeOptions extends Omit<EmulatorOptions, 'port' | 'accounts'> {
  /** Default: none. */
  readonly accounts?: readonly TestAccount[]
  /** Symbols listed after the default ones (`symbols` replaces them instead). */
  readonly extraSymbols?: readonly SymbolOptions[]
  /** Start of a clock that moves only by assigning `now` (instead of the option `now`). */
  readonly clock?: number
}

export interface TestExchange {
  readonly ex: Emulator
  /** The emulator's time, when started with `clock`: assign to move it. */
  now: number
  /** A client connection signing as `apiKey` (Ed25519: logged on; a key of no account signs as `config` says); closed by `close`. */
  connect(apiKey: string, config?: ClientConfig): Promise<WebsocketAPIConnection>
  /** One connection per key, in order, with the same `config`. */
  connectAll<const K extends readonly string[]>(
    apiKeys: K,
    config?: ClientConfig,
  ): Promise<{ [I in keyof K]: WebsocketAPIConnection }>
  /** Disconnects every connection `connect` made, then closes the emulator. */
  close(): Promise<void>
}

function keyPair(key: 'ed25519' | 'other-ed25519' | 'rsa'): KeyPair {
  return key === 'rsa' ? rsaKeys() : key === 'ed25519' ? ED25519 : OTHER_ED25519
}

function accountOptions(a: TestAccount): AccountOptions {
  const { key = 'ed25519', secret, ...settings } = a
  const balances = settings.balances ?? BALANCES
  if (key === 'hmac') return { ...settings, balances, hmacSecret: secret ?? HMAC_SECRET }
  return { ...settings, balances, publicKey: keyPair(key).publicKeyPem }
}

function clientKey({ key = 'ed25519', secret }: TestAccount): ClientConfig {
  if (key === 'hmac') return { apiSecret: secret ?? HMAC_SECRET }
  if (key === 'rsa') return { privateKey: rsaKeys().privateKeyPem }
  return { privateKey: keyPair(key).privateKeyPem, autoSessionLogon: true }
}

/** The emulator options `startExchange` starts with, but its port and clock. */
export function emulatorOptionsOf(options: TestExchangeOptions): EmulatorOptions {
  const { accounts = [], extraSymbols = [], clock: _clock, ...emulatorOptions } = options
  return {
    liquidity: false,
    symbols: [...(options.symbols ?? DEFAULT_SYMBOLS), ...extraSymbols],
    ...emulatorOptions,
    accounts: accounts.map(accountOptions),
  }
}

/** Starts the emulator on 127.0.0.1, port 0, without synthetic liquidity unless `liquidity` says so. */
export async function startExchange(options: TestExchangeOptions): Promise<TestExchange> {
  const { accounts = [], clock } = options
  const opened: WebsocketAPIConnection[] = []
  const kit = { now: clock ?? 0 } as TestExchange
  const ex = await startEmulator({
    ...emulatorOptionsOf(options),
    ...(clock === undefined ? {} : { now: () => kit.now }),
    port: 0,
  })
  return Object.assign(kit, {
    ex,
    async connect(apiKey: string, config: ClientConfig = {}) {
      const account = accounts.find((a) => a.apiKey === apiKey)
      const conn = await new SpotWebsocketAPI({
        wsURL: ex.url,
        apiKey,
        ...(account ? clientKey(account) : {}),
        ...config,
      }).connect()
      opened.push(conn)
      return conn
    },
    connectAll(apiKeys: readonly string[], config: ClientConfig = {}) {
      return Promise.all(apiKeys.map((k) => kit.connect(k, config)))
    },
    async close() {
      await Promise.all(opened.splice(0).map((c) => c.disconnect()))
      await ex.close()
    },
  })
}

export interface Traders extends TestExchange {
  /** Account `a`, logged on. */
  readonly a: WebsocketAPIConnection
  /** Account `b`, logged on. */
  readonly b: WebsocketAPIConnection
  /** Account `a` again, without the client's own client order ids (so the emulator generates them). */
  readonly bare: WebsocketAPIConnection
  /** The user data events of `a` (started with `record`; otherwise undefined). */
  readonly eventsA: UserEvents
  /** The user data events of `b` (started with `record`; otherwise undefined). */
  readonly eventsB: UserEvents
}

export interface TradersOptions extends Omit<TestExchangeOptions, 'accounts'> {
  /** Settings of both accounts. */
  readonly account?: Omit<TestAccount, 'apiKey'>
  /** Subscribe both accounts to their user data streams and record the events. */
  readonly record?: boolean
}

/** Synthetic liquidity around the default prices, and two HMAC traders with deep pockets. */
export const LIQUID_MARKET: TradersOptions = {
  liquidity: true,
  account: { key: 'hmac', balances: { USDT: '10000000', BTC: '1000' } },
}

/** An emulator with two Ed25519 accounts, `a` and `b`, connected. */
export async function startTraders(options: TradersOptions = {}): Promise<Traders> {
  const { account = {}, record = false, ...rest } = options
  const kit = await startExchange({
    ...rest,
    accounts: [
      { ...account, apiKey: 'a' },
      { ...account, apiKey: 'b' },
    ],
  })
  const [a, b, bare] = await Promise.all([
    kit.connect('a'),
    kit.connect('b'),
    kit.connect('a', { autoClientOrderId: false }),
  ])
  const [eventsA, eventsB] = record
    ? await Promise.all([recordEvents(a), recordEvents(b)])
    : ([undefined, undefined] as never[])
  return Object.assign(kit, { a, b, bare, eventsA, eventsB })
}

/** What `start` makes, as one object that the tests read once it exists; `close` ends it. */
function lazy<T extends { close(): Promise<void> }>(
  start: () => Promise<T>,
  before: (fn: () => Promise<void>) => void,
  after: (fn: () => Promise<void>) => void,
): T {
  let made: T | undefined
  before(async () => {
    made = await start()
  })
  after(async () => {
    const done = made
    made = undefined
    await done?.close()
  })
  const current = (): T => {
    if (!made) throw new Error('read outside a test: the kit is not started')
    return made
  }
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(current(), key),
    set: (_, key, value) => Reflect.set(current(), key, value),
  })
}

/** `startExchange` for tests that start their own: what one starts is closed after it. */
export function exchangePerTest(): (options: TestExchangeOptions) => Promise<TestExchange> {
  const started: TestExchange[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((kit) => kit.close()))
  })
  return async (options) => {
    const kit = await startExchange(options)
    started.push(kit)
    return kit
  }
}

/** What `start` makes, started once before this file's tests and closed after them. */
export const perFile = <T extends { close(): Promise<void> }>(start: () => Promise<T>): T =>
  lazy(start, beforeAll, afterAll)

/** What `start` makes, started afresh before each test and closed after it. */
export const perTest = <T extends { close(): Promise<void> }>(start: () => Promise<T>): T =>
  lazy(start, beforeEach, afterEach)

/** 2023-11-14T22:13:20Z: where tests that freeze the emulator clock start it. */
export const T0 = 1_700_000_000_000

/** Commission rates of an account that pays none. */
export const NO_COMMISSION = { maker: '0', taker: '0', buyer: '0', seller: '0' }
