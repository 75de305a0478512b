// The exchange's one door. Every change of its state is a command given to `execute`, which applies it (the state
// records all it changed) and tells its listeners: the command, in order, before it runs (a journal), and the
// events it caused, after (the user data streams). Everything else here reads. No sockets, no clock of its own:
// every command is told the time.
import type { ExchangeFilter, SorInfo } from '../../protocol/results.js'
import type { OrderBook } from '../engine/book.js'
import type { OrderRef } from '../engine/commands.js'
import type { ChunkStore } from '../engine/history-chunks.js'
import type { Holding } from '../engine/ledger.js'
import type { ListLookup, ListRef } from '../engine/lists/list-registry.js'
import type { OrderList } from '../engine/lists/order-list.js'
import type { Order } from '../engine/order.js'
import type { OrderFacts } from '../engine/order-index.js'
import type { Account } from './account.js'
import {
  addAccount,
  addKey,
  addSymbol,
  keptObjects,
  removeKey,
  resetState,
  updateKey,
} from './account-changes.js'
import { amendOrder } from './amend.js'
import { fail } from './api-failure.js'
import { archiveHorizon, failIfArchived, isArchived } from './archive.js'
import { changeBalance } from './balances.js'
import { cancelOpenOrders, cancelOrder, cancelOrderList, foundOrder } from './cancel.js'
import { cancelReplace } from './cancel-replace.js'
import type {
  AddedCommand,
  CommandKind,
  CommandOf,
  CommandResults,
  ExchangeCommand,
  ExchangeEvent,
  NewOrder,
} from './commands.js'
import type { ExchangeConfig } from './config.js'
import { exchangeFiltersOf } from './filters/check-order.js'
import type { OrderCounter } from './limits/order-counter.js'
import { recordMarketTrades } from './market-data/market-trades.js'
import type { ReferenceValue } from './market-data/reference-price.js'
import type { TapeView } from './market-data/trade-tape.js'
import { expireOrders, moveReferencePrice, setSymbolStatus } from './market-moves.js'
import { placeOrder, placeOrderList, placeSorOrder, testOrder } from './new-orders.js'
import type { BytesCodec } from './snapshot/graph-format.js'
import { SnapshotError } from './snapshot/graph-format.js'
import { GraphReader } from './snapshot/graph-reader.js'
import { writeGraph } from './snapshot/graph-writer.js'
import { SNAPSHOT_CLASSES } from './snapshot/snapshot-classes.js'
import type { AllocationRecord } from './sor/desk.js'
import { sorGroups } from './sor/groups.js'
import { type AccountTrade, ExchangeState, type TradeQuery } from './state.js'
import type { ListedSymbol } from './symbols.js'

/** How the exchange carries out one kind of command, pushing the events it causes in the order users get them. */
type Executor<K extends CommandKind> = (
  state: ExchangeState,
  cmd: CommandOf<K>,
  now: number,
  events: ExchangeEvent[],
) => CommandResults[K]

/** One executor per command kind: a missing one is a compile error. */
const EXECUTORS: { readonly [K in CommandKind]: Executor<K> } = {
  placeOrder,
  cancelOrder,
  cancelReplace,
  amendOrder,
  cancelOpenOrders,
  placeOrderList,
  cancelOrderList,
  placeSorOrder,
  changeBalance,
  moveReferencePrice,
  recordMarketTrades,
  setSymbolStatus,
  expireOrders,
  addAccount,
  addKey,
  removeKey,
  updateKey,
  addSymbol,
  reset: (state, _cmd, now) => resetState(state, now),
}

/** The kinds of `AddedCommand`. */
const ADDED_KINDS: ReadonlySet<CommandKind> = new Set<AddedCommand['kind']>([
  'addAccount',
  'addKey',
  'removeKey',
  'addSymbol',
])

/** Balances as the other layers may see them: read, never written. */
export interface Balances {
  balance(accountId: number, asset: string): Readonly<Holding>
  /** The account's holdings, in the order they were first touched. */
  holdings(accountId: number): ReadonlyMap<string, Readonly<Holding>>
  /** Commission collected by the exchange, per asset. */
  readonly fees: ReadonlyMap<string, bigint>
}
/** An order book as the other layers may see it. */
export type BookView = Pick<
  OrderBook,
  | 'market'
  | 'bids'
  | 'asks'
  | 'depth'
  | 'updateId'
  | 'lastPrice'
  | 'lastOrderId'
  | 'lastTradeId'
  | 'order'
  | 'allOrders'
  | 'openOrders'
  | 'openCount'
  | 'clientIdInUse'
  | 'findByClientId'
  | 'amendments'
  | 'preventedMatches'
  | 'watchLevels'
  | 'takeChangedLevels'
>
/** The unfilled order counts as the other layers may see them. */
export type OrderCounts = Pick<OrderCounter, 'entries' | 'entriesJson'>

/** Takes a snapshot's lines in order (each may throw a SnapshotError); `finish` checks that none is missing. */
export type SnapshotReader = Pick<GraphReader, 'line' | 'finish'>

export type CommandListener = (command: ExchangeCommand, now: number) => void
export type EventListener = (event: ExchangeEvent, now: number) => void

let stateOfExchange: (exchange: Exchange) => ExchangeState

export class Exchange {
  readonly #state: ExchangeState
  /** The accounts, keys and symbols added since the start (or the last reset), in order. */
  #added: AddedCommand[] = []
  readonly #commandListeners: CommandListener[] = []
  readonly #eventListeners: EventListener[] = []

  static {
    stateOfExchange = (exchange) => exchange.#state
  }

  constructor(config: ExchangeConfig) {
    this.#state = new ExchangeState(config)
  }

  /** Applies `command` at `now`: its result, or its refusal thrown (an ApiFailure). */
  execute<K extends CommandKind>(command: CommandOf<K>, now: number): CommandResults[K] {
    for (const listener of this.#commandListeners) listener(command, now)
    const events: ExchangeEvent[] = []
    try {
      const result = (EXECUTORS[command.kind] as Executor<K>)(this.#state, command, now, events)
      const done = command as ExchangeCommand
      if (ADDED_KINDS.has(done.kind)) this.#added.push(done as AddedCommand)
      else if (done.kind === 'reset') this.#added = []
      return result
    } finally {
      // What a partly failed command did still happened: its events go out too.
      for (const event of events) for (const listener of this.#eventListeners) listener(event, now)
    }
  }

  /** Calls `listener` with every command, in order, before it runs. */
  onCommand(listener: CommandListener): void {
    this.#commandListeners.push(listener)
  }

  /** Calls `listener` with every event the commands cause, in the order users get them. */
  onEvent(listener: EventListener): void {
    this.#eventListeners.push(listener)
  }

  /**
   * Writes the whole state as lines of text (a snapshot's body), in order; `codec` writes bytes as text. The
   * configuration (with its secrets) is left out: the exchange that reads the snapshot was built from it.
   */
  writeSnapshot(codec: BytesCodec, emit: (line: string) => void): void {
    emit(JSON.stringify({ added: this.#added }))
    writeGraph(this.#state, SNAPSHOT_CLASSES, codec, emit, keptObjects(this.#state))
  }

  /**
   * Reads the lines of a snapshot into this exchange, which must be new and made from the same configuration: the
   * accounts, keys and symbols added while running first (the first line), then the state.
   */
  readSnapshot(codec: BytesCodec, history?: ChunkStore): SnapshotReader {
    const graph = new GraphReader(this.#state, SNAPSHOT_CLASSES, codec, history)
    let first = true
    return {
      line: (text) => {
        const added = first ? addedLine(text) : undefined
        first = false
        if (!added) return graph.line(text)
        for (const command of added) {
          try {
            this.execute(command, this.#state.config.startTime)
          } catch (err) {
            const message = (err as Error).message
            throw new SnapshotError(
              `${command.kind} of the snapshot's first line cannot be made again: ${message}`,
            )
          }
        }
      },
      finish: () => graph.finish(),
    }
  }

  /** Moves the history's full chunks that can no longer change to `store` (a data dir's history file). */
  spillHistory(store: ChunkStore): void {
    this.#state.spillHistory(store)
  }

  /** Every API key's account view, in the order the keys were made (an account with two keys shows twice). */
  keys(): Account[] {
    return [...this.#state.keys()]
  }

  get config(): ExchangeConfig {
    return this.#state.config
  }

  get symbols(): ReadonlyMap<string, ListedSymbol> {
    return this.#state.symbols
  }

  get accounts(): readonly Account[] {
    return this.#state.accounts
  }

  get balances(): Balances {
    return this.#state.engine.ledger
  }

  get orderCounts(): OrderCounts {
    return this.#state.orderCounter
  }

  account(apiKey: string): Account | undefined {
    return this.#state.account(apiKey)
  }

  book(symbol: string): BookView {
    return this.#state.book(symbol)
  }

  tape(symbol: string): TapeView {
    return this.#state.tape(symbol)
  }

  /** The account's trades on `symbol`, oldest first; those `q` selects when given. */
  trades(accountId: number, symbol: string, q?: TradeQuery): readonly AccountTrade[] {
    return this.#state.trades(accountId, symbol, q)
  }

  /** Volume-weighted average price (10^-8 units) of the last `mins` minutes; the last price if none. */
  avgPrice(symbol: string, mins: number, now: number): bigint {
    return this.#state.avgPrice(symbol, mins, now)
  }

  /** The symbol's reference price now (money units), or why there is none. */
  referencePrice(s: ListedSymbol, now: number): ReferenceValue {
    return this.#state.referencePrice(s, now)
  }

  /** `exchangeInfo.exchangeFilters`. */
  get exchangeFilters(): readonly ExchangeFilter[] {
    return exchangeFiltersOf(this.#state.config)
  }

  /** The SOR groups (`exchangeInfo.sors`). */
  get sorGroups(): readonly SorInfo[] {
    return sorGroups(this.#state)
  }

  /** The account's SOR allocations on `symbol`, oldest first. */
  allocations(accountId: number, symbol: string): readonly AllocationRecord[] {
    return this.#state.sor.allocations(accountId, symbol)
  }

  /** order.status: the account's order, else -2013 NO_SUCH_ORDER (-2039 for a mismatched client id, -2026 archived). */
  order(accountId: number, symbol: string, ref: OrderRef, now: number): Order {
    const order = foundOrder(this.#state, accountId, symbol, ref, () => fail('NO_SUCH_ORDER'))
    failIfArchived(this.#state.config, order, now)
    return order
  }

  /** Whether `order` is archived at `now` (allOrders leaves it out). */
  isArchived(order: OrderFacts, now: number): boolean {
    return isArchived(order, archiveHorizon(this.#state.config), now)
  }

  /** The account's order lists, oldest first; only open ones, only on `symbol` if asked. */
  orderLists(accountId: number, openOnly = false, symbol?: string): OrderList[] {
    return this.#state.lists.registry.all(accountId, openOnly, symbol)
  }

  /** One of the account's order lists, by id or list client id. */
  orderList(accountId: number, ref: ListRef): ListLookup {
    return this.#state.lists.registry.find(accountId, ref)
  }

  /** order.test / sor.order.test: order entry's checks without placing; the symbol checked on. */
  testOrder(accountId: number, order: NewOrder, sor: boolean, now: number): ListedSymbol {
    return testOrder(this.#state, accountId, order, sor, now)
  }
}

/** The commands of a snapshot's first line (`{"added": […]}`); undefined for a state line (an older snapshot). */
function addedLine(text: string): AddedCommand[] | undefined {
  if (!text.startsWith('{"added":')) return undefined
  const { added } = JSON.parse(text) as { added: unknown }
  if (!Array.isArray(added)) throw new SnapshotError('the added accounts line is damaged')
  return added as AddedCommand[]
}

/** The exchange's state, for the exchange layer's tests and invariant checks; never for the api layer. */
export function stateOf(exchange: Exchange): ExchangeState {
  return stateOfExchange(exchange)
}
