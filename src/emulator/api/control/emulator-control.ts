// The control API of a running emulator, for tests and demos: time, market, connections, faults, balances.
import type { SymbolTradingStatus } from '../../../protocol/enums.js'
import type { Decimal, ResultOf } from '../../../protocol/methods.js'
import type { SymbolInfo } from '../../../protocol/results.js'
import type { Account } from '../../exchange/account.js'
import type { AccountKey, BalanceChange, KeyChange } from '../../exchange/commands.js'
import type { Exchange } from '../../exchange/exchange.js'
import {
  type AccountOptions,
  ALL_API_PERMISSIONS,
  type ApiPermission,
  type SymbolOptions,
} from '../../exchange/options.js'
import { priceProblem } from '../../exchange/symbol-rules.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { keyUsable } from '../auth.js'
import type { EmulatorMetrics } from '../metrics/emulator-metrics.js'
import type { BackupInfo, Persistence, SnapshotInfo, StorageInfo } from '../persistence/persistence.js'
import type { Clock, EmulatorClock } from '../server-life/clock.js'
import {
  type ConnectionInfo,
  type LiveConnections,
  sendServerShutdown,
} from '../server-life/live-connections.js'
import type { ConnectionLife } from '../server-life/options.js'
import type { UserStreams } from '../user-streams.js'
import { accountInput } from './account-input.js'
import { amountInput, assetName, balancesInput } from './balance-input.js'
import { checkedClock } from './clock-input.js'
import { ControlParamError } from './control-param-error.js'
import type { FailNextOptions, Faults, StalledRequest, StallNextOptions } from './faults.js'
import { keyChangeInput, keyInput } from './key-input.js'
import { type QueryMethod, query } from './query.js'
import type { RequestLog, RequestRecord } from './request-log.js'
import { resetAccount } from './reset-account.js'
import { symbolInput } from './symbol-input.js'

export interface ServerShutdownOptions {
  /** Only this WebSocket API connection (an id from `connections()`); default all of them, streams' too. */
  connectionId?: number
  /** Emulator ms from the event to the close, 0 to 24 h; default the `shutdownNotice` option (10 min). */
  disconnectAfter?: number
}

/** An API key as the control API lists it, with its account's `uid` (never its secret or key material). */
export interface AccountInfo {
  readonly apiKey: string
  /** `account.status` `uid`. */
  readonly uid: number
  /** How its requests are signed. */
  readonly keyType: 'HMAC' | 'PUBLIC_KEY'
  /** What the key may do (`updateKey` changes it). */
  readonly permissions: readonly ApiPermission[]
  /** The addresses the key may be used from; null: any. */
  readonly ipWhitelist: readonly string[] | null
}

export interface ResetAccountOptions {
  /** The balances to set, asset → decimal; default the account's initial balances. */
  balances?: Record<string, Decimal>
}

export interface ResetAccountResult {
  /** Orders that expired. */
  readonly expired: number
  /** The account's balances now (free; nothing is locked), asset → decimal, the assets it holds. */
  readonly balances: Record<string, string>
}

/** What `updateKey` changes: what the key may do, and the addresses it may be used from (null: any). */
export type KeyUpdate = KeyChange

/** Where a key change reached on the open connections. */
export interface KeyChangeResult {
  /** Sessions logged on with the key that it no longer serves: each is revoked at its next request. */
  readonly sessions: number
  /**
   * User data subscriptions that ended (`eventStreamTerminated`): the key is gone, lost USER_STREAM, or is not allowed
   * from their address.
   */
  readonly subscriptions: number
}

export interface CancelOrdersOptions {
  /** Only this account's orders; default every account's. */
  apiKey?: string
}

/** A replay's reads (docs/replay.md "Report"): where it stands, and the report of every account. */
export interface ReplayReads {
  progress(): { readonly time: number; readonly done: boolean }
  report(): object
}

/** What tests can do to a running emulator besides talking to it. */
export interface EmulatorControl {
  /** Emulator time: read it, `set` it, `advance` it (timers due on the way fire, e.g. the 24 h close). */
  readonly clock: Clock
  /** The open connections, oldest first. */
  connections(): ConnectionInfo[]
  /** Destroys one connection (by id) or all, without a close frame; returns how many. */
  dropConnections(connectionId?: number): number
  /**
   * Sends `serverShutdown` now and closes after `disconnectAfter`; returns how many connections got it. Without
   * `connectionId`: every WebSocket API and market data stream connection (each stream in its raw or combined form).
   */
  serverShutdown(options?: ServerShutdownOptions): number
  /** The next matching request answers with a backend error (default -1007 TIMEOUT). */
  failNext(options?: FailNextOptions): void
  /** The next matching request gets no answer until `release()`. */
  stallNext(options?: StallNextOptions): StalledRequest
  /**
   * Disarms every fault `failNext` and `stallNext` armed and not used up, and answers the requests stalls hold (as
   * `release()` does); returns how many faults that was (a `failNext` of any `count` is one).
   */
  clearFaults(): number
  /**
   * Re-centres the synthetic liquidity of `symbol` on `price` (crossing resting orders trade). A price that is not
   * > 0, on the symbol's tick and within its PRICE_FILTER throws a ControlParamError naming `price`.
   */
  setReferencePrice(symbol: string, price: Decimal): void
  /**
   * Moves `symbol` to a trading status: new orders need TRADING ("Market is closed."), cancels stay allowed,
   * and in BREAK no market data streams are published (docs/emulator-fidelity.md 3.1.6).
   */
  setSymbolStatus(symbol: string, status: SymbolTradingStatus): void
  /**
   * The exchange cancels the open orders on `symbol`, as Binance does at a delisting or maintenance: each becomes
   * EXPIRED with expiryReason EXCHANGE_CANCELED (executionReport `x`/`X` EXPIRED, `eR` EXCHANGE_CANCELED), an
   * order list's legs all together (the list ends ALL_DONE). Every account's orders, or only those of `apiKey`;
   * the synthetic liquidity stays. Returns how many orders expired (docs/emulator-fidelity.md 3.11.8).
   */
  cancelOrders(symbol: string, options?: CancelOrdersOptions): number
  /** Credits `amount` of `asset`: balanceUpdate and outboundAccountPosition events. */
  deposit(apiKey: string, asset: string, amount: Decimal): void
  /** Debits free `amount` of `asset` (throws if not free): balanceUpdate with a negative delta. */
  withdraw(apiKey: string, asset: string, amount: Decimal): void
  /** Moves free to locked as an external system would: externalLockUpdate and outboundAccountPosition. */
  lockBalance(apiKey: string, asset: string, amount: Decimal): void
  /**
   * Moves locked back to free: externalLockUpdate with a negative delta. Only what `lockBalance` locked: throws if
   * `amount` is more than the locked balance beyond what the account's open orders and order lists hold.
   */
  unlockBalance(apiKey: string, asset: string, amount: Decimal): void
  /** The accounts, in configuration order. */
  accounts(): AccountInfo[]
  /**
   * Answers a read-only method of the WebSocket API (`QUERY_METHODS`) with its params, as the account of `apiKey`
   * (needed by account methods): no signature, no request weight. Refusals throw the method's ApiFailure.
   */
  query<M extends QueryMethod>(method: M, params?: Record<string, unknown>, apiKey?: string): ResultOf<M>
  /** The last 100 WebSocket API answers, oldest first, while the control API or the dashboard is on; else none. */
  requests(): RequestRecord[]
  /**
   * Opens an account, as an entry of the `accounts` option makes one (balances, permissions, commission …; a
   * `publicKey` as PEM text). Journaled with a data dir, secrets included (the data dir holds them from then on).
   */
  addAccount(account: AccountOptions): AccountInfo
  /** Gives the account of `apiKey` one more API key (its own permissions and addresses; balances are shared). */
  addKey(apiKey: string, key: AccountKey): AccountInfo
  /**
   * Deletes an API key, as when a key leaks or its holder leaves: requests signed with it are refused (-2015) from
   * now on; its user data subscriptions end at once (`eventStreamTerminated`); a session logged on with it is revoked
   * at its next request (a pushed `{"id":null,"status":401}` -2015, as Binance does). The account and its other keys
   * stay; its only key cannot be deleted (add another first). Journaled with a data dir.
   */
  removeKey(apiKey: string): KeyChangeResult
  /**
   * Changes what a key may do (`permissions`) or where from (`ipWhitelist`, null: any address). Requests are checked
   * against the new values from now on; subscriptions the key no longer allows end, and a session on an address no
   * longer allowed is revoked at its next request, as with `removeKey`. Journaled with a data dir.
   */
  updateKey(apiKey: string, change: KeyUpdate): KeyChangeResult
  /**
   * Starts one account of a shared venue over, leaving the others alone: its open orders and order lists expire as
   * the exchange cancels them (EXCHANGE_CANCELED), what an external system locked is unlocked, and each balance is set
   * to `balances` (default: the account's initial balances; other assets go to 0) by deposits and withdrawals, with
   * their user data events. Its history (orders, trades) stays. Each step is journaled with a data dir.
   */
  resetAccount(apiKey: string, options?: ResetAccountOptions): ResetAccountResult
  /**
   * Lists a new symbol, as an entry of the `symbols` option makes one, as Binance lists a pair: it shows in
   * `exchangeInfo` (REST, WebSocket API) at once, takes orders in the status given (default TRADING), has market
   * data streams, and is quoted by the synthetic liquidity (if on). Returns its `exchangeInfo` entry. Journaled with
   * a data dir; a reset removes it, as it removes added accounts.
   */
  addSymbol(symbol: SymbolOptions): SymbolInfo
  /**
   * With a data dir: a snapshot of the state now (after every answered change is on disk), the journal compacted
   * behind it; resolves once both are durable, with its file and the records it covers. Without one: undefined.
   */
  snapshot(): Promise<SnapshotInfo | undefined>
  /** With a data dir: what it holds (records, the latest snapshot) and how its writes go. Without one: undefined. */
  storage(): StorageInfo | undefined
  /**
   * With a data dir: a copy of the state now in `to`, a new or empty folder (the snapshot of everything answered so
   * far, the history file, meta.json), durable when this resolves; start the emulator on it with the same
   * configuration. Throws a RangeError when `to` is not empty or cannot be written. Without one: undefined.
   */
  backup(to: string): Promise<BackupInfo | undefined>
  /**
   * The venue's counters in Prometheus's text format (docs/emulator-control.md "Metrics"): requests by method and
   * status (while the control API or the dashboard is on), connections, open orders, trades, the data dir's journal.
   */
  metrics(): string
  /**
   * Back to the configuration's initial state: accounts added while running are gone, balances, orders, books,
   * trades, listen keys and ids start again, the clock returns to its source. Every WebSocket connection (API and
   * streams) closes with 1012 first. With a data dir, resolves once a snapshot of the fresh state is durable.
   */
  reset(): Promise<void>
  /** The replay's progress and report while the market is replayed; undefined otherwise. */
  readonly replay: ReplayReads | undefined
}

export interface ControlDeps {
  readonly exchange: Exchange
  readonly clock: EmulatorClock
  readonly live: LiveConnections
  readonly faults: Faults
  readonly life: ConnectionLife
  readonly streams: UserStreams
  /** Present while the control API or the dashboard is on. */
  readonly requestLog: RequestLog | undefined
  /** With a data dir: clock moves are journaled, snapshots taken. */
  readonly persistence: Pick<Persistence, 'journaledClock' | 'checkpoint' | 'storage' | 'backup'> | undefined
  readonly metrics: EmulatorMetrics
  /** What the emulator clock is offset from. */
  readonly source: () => number
  /** Closes the market data stream connections (code, reason) and starts the streams again from the exchange. */
  readonly restartStreams: (code: number, reason: string) => void
  /** `serverShutdown` now on every market data stream connection, each closed at `closeAt`; returns how many. */
  readonly shutdownStreams: (now: number, closeAt: number) => number
  /** A replay drives the market and its clock: `reset` and the clock's `set`/`advance` are refused. */
  readonly replaying: boolean
  readonly replay?: ReplayReads | undefined
}

/** The longest `serverShutdown` notice: Binance's connections live 24 h at most. */
const MAX_DISCONNECT_AFTER = 86_400_000

/** Close code of the connections a reset ends (RFC 6455: service restart). */
const SERVICE_RESTART = 1012

function info(account: Account): AccountInfo {
  return {
    apiKey: account.apiKey,
    uid: account.uid,
    keyType: account.options.hmacSecret === undefined ? 'PUBLIC_KEY' : 'HMAC',
    permissions: ALL_API_PERMISSIONS.filter((p) => account.permissions.has(p)),
    ipWhitelist: account.ipWhitelist ? [...account.ipWhitelist] : null,
  }
}

/**
 * The clock of a replay: read only. The data sets it at each event, so a move would be undone by the next one
 * (streams sent ahead of the data, then event times going backwards).
 */
function replayClock(clock: Clock): Clock {
  const refuse = (method: string) => () => {
    throw new RangeError(
      `clock.${method}: a replay drives the clock (the data's times); start the emulator again instead`,
    )
  }
  return { now: () => clock.now(), set: refuse('set'), advance: refuse('advance') }
}

export function createControl(d: ControlDeps): EmulatorControl {
  const { exchange } = d
  const raw = d.clock
  // With a data dir, every move of the clock (in-process, /control/, a reset) is journaled.
  const clock: Clock = d.persistence?.journaledClock(raw) ?? raw
  const accountId = (apiKey: string) => {
    const account = exchange.account(apiKey)
    if (!account) throw new RangeError(`no account has the API key '${apiKey}'`)
    return account.id
  }
  const balance = (change: BalanceChange) => (apiKey: string, asset: string, amount: Decimal) => {
    assetName('asset', asset)
    amountInput('amount', amount, true)
    const command = { kind: 'changeBalance', accountId: accountId(apiKey), asset, amount, change } as const
    exchange.execute(command, clock.now())
  }
  /** Ends what a change of `apiKey` no longer allows; the sessions it leaves to be revoked are counted. */
  const keyChanged = (apiKey: string): KeyChangeResult => {
    const subscriptions = d.streams.endUnusable(clock.now())
    const sessions = d.live
      .select(undefined)
      .filter(
        ({ connection: { session, ip } }) =>
          session?.account.apiKey === apiKey && !keyUsable(exchange, session.account, ip),
      )
    return { sessions: sessions.length, subscriptions }
  }
  return {
    clock: d.replaying ? replayClock(clock) : checkedClock(clock),
    connections: () => d.live.info(),
    dropConnections: (id) => {
      const chosen = d.live.select(id)
      for (const live of chosen) live.drop()
      return chosen.length
    },
    serverShutdown: (options = {}) => {
      const now = clock.now()
      const { connectionId, disconnectAfter } = options
      if (
        disconnectAfter !== undefined &&
        !(
          Number.isSafeInteger(disconnectAfter) &&
          disconnectAfter >= 0 &&
          disconnectAfter <= MAX_DISCONNECT_AFTER
        )
      )
        throw new ControlParamError(
          'disconnectAfter',
          `must be a whole number of ms from 0 to ${MAX_DISCONNECT_AFTER} (24 h)`,
        )
      const chosen = d.live.select(connectionId)
      const closeAt = now + (disconnectAfter ?? d.life.shutdownNotice)
      for (const live of chosen) {
        sendServerShutdown(live.connection, now)
        live.closeAt(closeAt)
      }
      // The ids are the WebSocket API's (`connections()`): without one, the stream connections get it too.
      return chosen.length + (connectionId === undefined ? d.shutdownStreams(now, closeAt) : 0)
    },
    failNext: (options) => d.faults.failNext(options),
    stallNext: (options) => d.faults.stallNext(options),
    clearFaults: () => d.faults.clear(),
    setReferencePrice: (symbol, price) => {
      const listed = exchange.symbols.get(symbol)
      if (!listed) throw new RangeError(`unknown symbol ${symbol}`)
      const problem = priceProblem(price, listed)
      if (problem) throw new ControlParamError('price', problem)
      exchange.execute({ kind: 'moveReferencePrice', symbol, price }, clock.now())
    },
    setSymbolStatus: (symbol, status) => {
      exchange.execute({ kind: 'setSymbolStatus', symbol, status }, clock.now())
    },
    cancelOrders: (symbol, options = {}) => {
      if (!exchange.symbols.has(symbol)) throw new RangeError(`unknown symbol ${symbol}`)
      let accountId: number | undefined
      if (options.apiKey !== undefined) {
        const account = exchange.account(options.apiKey)
        if (!account) throw new RangeError(`unknown apiKey ${options.apiKey}`)
        accountId = account.id
      }
      return exchange.execute({ kind: 'expireOrders', symbol, accountId }, clock.now())
    },
    deposit: balance('deposit'),
    withdraw: balance('withdraw'),
    lockBalance: balance('lock'),
    unlockBalance: balance('unlock'),
    accounts: () => exchange.keys().map(info),
    query: (method, params = {}, apiKey) => query(exchange, d.streams, clock.now(), method, params, apiKey),
    requests: () => d.requestLog?.recent() ?? [],
    addAccount: (options) => {
      const account = accountInput(options)
      if (exchange.account(account.apiKey)) throw new RangeError(`apiKey: ${account.apiKey} is taken`)
      const id = exchange.execute({ kind: 'addAccount', account }, clock.now())
      return info(exchange.accounts[id - 1] as Account)
    },
    addKey: (apiKey, input) => {
      const key = keyInput(input)
      const id = accountId(apiKey)
      if (exchange.account(key.apiKey)) throw new RangeError(`apiKey: ${key.apiKey} is taken`)
      exchange.execute({ kind: 'addKey', accountId: id, key }, clock.now())
      return info(exchange.account(key.apiKey) as Account)
    },
    addSymbol: (input) => {
      const symbol = symbolInput(input)
      if (exchange.symbols.has(symbol.symbol))
        throw new RangeError(`symbol: ${symbol.symbol} is already listed`)
      exchange.execute({ kind: 'addSymbol', symbol }, clock.now())
      // A copy: the exchange's own entry changes with the symbol's status.
      return structuredClone((exchange.symbols.get(symbol.symbol) as ListedSymbol).info)
    },
    removeKey: (apiKey) => {
      accountId(apiKey)
      exchange.execute({ kind: 'removeKey', apiKey }, clock.now())
      return keyChanged(apiKey)
    },
    updateKey: (apiKey, input) => {
      const change = keyChangeInput(input)
      accountId(apiKey)
      exchange.execute({ kind: 'updateKey', apiKey, ...change }, clock.now())
      return keyChanged(apiKey)
    },
    resetAccount: (apiKey, options = {}) => {
      const id = accountId(apiKey)
      const owner = exchange.accounts[id - 1] as Account
      const target = balancesInput(options.balances ?? owner.options.balances ?? {})
      return resetAccount(exchange, id, target, clock.now())
    },
    snapshot: async () => d.persistence?.checkpoint(),
    storage: () => d.persistence?.storage(),
    backup: async (to) => d.persistence?.backup(to),
    metrics: () => d.metrics.text(),
    reset: async () => {
      if (d.replaying)
        throw new RangeError('reset: a replay drives the market; start the emulator again instead')
      for (const live of d.live.select(undefined)) live.close(SERVICE_RESTART, 'emulator reset')
      const keys = d.streams.listenKeys
      for (const [key] of keys.save().keys) {
        const owner = keys.account(key, clock.now())
        if (owner) keys.stop(owner, key, clock.now())
      }
      clock.set(d.source())
      exchange.execute({ kind: 'reset' }, clock.now())
      d.restartStreams(SERVICE_RESTART, 'emulator reset')
      await d.persistence?.checkpoint()
    },
    replay: d.replay,
  }
}
