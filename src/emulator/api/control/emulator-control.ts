// The control API of a running emulator, for tests and demos: time, market, connections, faults, balances.
import { SYMBOL_TRADING_STATUS, type SymbolTradingStatus } from '../../../protocol/enums.js'
import type { Decimal } from '../../../protocol/methods.js'
import type { Exchange } from '../../exchange/exchange.js'
import type { LiquiditySettings } from '../../exchange/liquidity.js'
import type { Clock, EmulatorClock } from '../server-life/clock.js'
import {
  type ConnectionInfo,
  type LiveConnections,
  sendServerShutdown,
} from '../server-life/live-connections.js'
import type { ConnectionLife } from '../server-life/options.js'
import type { UserStreams } from '../user-streams.js'
import { changeBalance } from './balances.js'
import type { FailNextOptions, Faults, StalledRequest, StallNextOptions } from './faults.js'
import { moveReferencePrice } from './reference-price.js'

export interface ServerShutdownOptions {
  /** Only this connection (an id from `connections()`); default all of them. */
  connectionId?: number
  /** Emulator ms from the event to the close; default the `shutdownNotice` option (10 min). */
  disconnectAfter?: number
}

export interface CancelOrdersOptions {
  /** Only this account's orders; default every account's. */
  apiKey?: string
}

/** What tests can do to a running emulator besides talking to it. */
export interface EmulatorControl {
  /** Emulator time: read it, `set` it, `advance` it (timers due on the way fire, e.g. the 24 h close). */
  readonly clock: Clock
  /** The open connections, oldest first. */
  connections(): ConnectionInfo[]
  /** Destroys one connection (by id) or all, without a close frame; returns how many. */
  dropConnections(connectionId?: number): number
  /** Sends `serverShutdown` now and closes after `disconnectAfter`; returns how many connections got it. */
  serverShutdown(options?: ServerShutdownOptions): number
  /** The next matching request answers with a backend error (default -1007 TIMEOUT). */
  failNext(options?: FailNextOptions): void
  /** The next matching request gets no answer until `release()`. */
  stallNext(options?: StallNextOptions): StalledRequest
  /** Re-centres the synthetic liquidity of `symbol` on `price` (crossing resting orders trade). */
  setReferencePrice(symbol: string, price: Decimal): void
  /**
   * Moves `symbol` to a trading status: new orders need TRADING ("Market is closed."), cancels stay allowed,
   * and in BREAK no market data streams are published (DIGEST 3.1.6).
   */
  setSymbolStatus(symbol: string, status: SymbolTradingStatus): void
  /**
   * The exchange cancels the open orders on `symbol`, as Binance does at a delisting or maintenance: each becomes
   * EXPIRED with expiryReason EXCHANGE_CANCELED (executionReport `x`/`X` EXPIRED, `eR` EXCHANGE_CANCELED), an
   * order list's legs all together (the list ends ALL_DONE). Every account's orders, or only those of `apiKey`;
   * the synthetic liquidity stays. Returns how many orders expired (DIGEST 3.11.8).
   */
  cancelOrders(symbol: string, options?: CancelOrdersOptions): number
  /** Credits `amount` of `asset`: balanceUpdate and outboundAccountPosition events. */
  deposit(apiKey: string, asset: string, amount: Decimal): void
  /** Debits free `amount` of `asset` (throws if not free): balanceUpdate with a negative delta. */
  withdraw(apiKey: string, asset: string, amount: Decimal): void
  /** Moves free to locked as an external system would: externalLockUpdate and outboundAccountPosition. */
  lockBalance(apiKey: string, asset: string, amount: Decimal): void
  /** Moves locked back to free: externalLockUpdate with a negative delta. */
  unlockBalance(apiKey: string, asset: string, amount: Decimal): void
}

export interface ControlDeps {
  readonly exchange: Exchange
  readonly streams: UserStreams
  readonly clock: EmulatorClock
  readonly live: LiveConnections
  readonly faults: Faults
  readonly life: ConnectionLife
  readonly liquidity: LiquiditySettings | undefined
}

export function createControl(d: ControlDeps): EmulatorControl {
  const { exchange, streams, clock } = d
  const balance =
    (change: 'deposit' | 'withdraw' | 'lock' | 'unlock') => (k: string, a: string, v: Decimal) =>
      changeBalance(exchange, streams, k, a, v, change, clock.now())
  return {
    clock: {
      now: () => clock.now(),
      set: (time) => clock.set(time),
      advance: (ms) => clock.advance(ms),
    },
    connections: () => d.live.info(),
    dropConnections: (id) => {
      const chosen = d.live.select(id)
      for (const live of chosen) live.drop()
      return chosen.length
    },
    serverShutdown: (options = {}) => {
      const now = clock.now()
      const chosen = d.live.select(options.connectionId)
      const after = options.disconnectAfter ?? d.life.shutdownNotice
      for (const live of chosen) {
        sendServerShutdown(live.connection, now)
        live.closeAt(now + after)
      }
      return chosen.length
    },
    failNext: (options) => d.faults.failNext(options),
    stallNext: (options) => d.faults.stallNext(options),
    setReferencePrice: (symbol, price) =>
      moveReferencePrice(exchange, streams, d.liquidity, symbol, price, clock.now()),
    setSymbolStatus: (symbol, status) => {
      const listed = exchange.symbols.get(symbol)
      if (!listed) throw new RangeError(`unknown symbol ${symbol}`)
      if (!SYMBOL_TRADING_STATUS.includes(status)) throw new TypeError(`unknown symbol status ${status}`)
      listed.info.status = status
    },
    cancelOrders: (symbol, options = {}) => {
      if (!exchange.symbols.has(symbol)) throw new RangeError(`unknown symbol ${symbol}`)
      let accountId: number | undefined
      if (options.apiKey !== undefined) {
        const account = exchange.account(options.apiKey)
        if (!account) throw new RangeError(`unknown apiKey ${options.apiKey}`)
        accountId = account.id
      }
      const now = clock.now()
      const { effects, count } = exchange.exchangeCancel(symbol, accountId, now)
      streams.publish(effects, now)
      return count
    },
    deposit: balance('deposit'),
    withdraw: balance('withdraw'),
    lockBalance: balance('lock'),
    unlockBalance: balance('unlock'),
  }
}
