// The classes whose instances make up the exchange's state, by name: what a snapshot may hold. A class missing
// here makes taking a snapshot fail with its name (the round-trip tests reach every kind of state).

import { AccountOrders } from '../../engine/account-orders.js'
import { AmendmentLog } from '../../engine/amendment-log.js'
import { OrderBook } from '../../engine/book.js'
import { BookSide } from '../../engine/book-side.js'
import { ClientIdTable } from '../../engine/client-ids.js'
import { ClosedOrders } from '../../engine/closed-orders.js'
import { Effects, RareEffects } from '../../engine/effects.js'
import { Engine } from '../../engine/engine.js'
import { Ledger } from '../../engine/ledger.js'
import { ListDesk } from '../../engine/lists/list-desk.js'
import { ListRegistry } from '../../engine/lists/list-registry.js'
import { OrderList } from '../../engine/lists/order-list.js'
import { Market } from '../../engine/market.js'
import { Matcher } from '../../engine/matcher.js'
import { Order, OrderExtras } from '../../engine/order.js'
import { OrderIndex } from '../../engine/order-index.js'
import { PriceLevel } from '../../engine/price-level.js'
import { RecordColumns } from '../../engine/record-columns.js'
import { TextPool } from '../../engine/text-pool.js'
import { Account } from '../account.js'
import { FixedWindow } from '../limits/fixed-window.js'
import { OrderCounter } from '../limits/order-counter.js'
import { LiquidityProvider } from '../liquidity.js'
import { AccountTrades } from '../market-data/account-trades.js'
import { AggregateTrades } from '../market-data/aggregate-trades.js'
import { TradeTape } from '../market-data/trade-tape.js'
import { ClientOrderIds, SeededRandom } from '../random.js'
import { SorDesk } from '../sor/desk.js'
import { ExchangeState } from '../state.js'
import type { ClassRegistry } from './graph-writer.js'

const CLASSES = [
  ExchangeState,
  Engine,
  Matcher,
  Ledger,
  OrderBook,
  BookSide,
  PriceLevel,
  Order,
  OrderExtras,
  OrderIndex,
  AccountOrders,
  ClosedOrders,
  AmendmentLog,
  TextPool,
  ClientIdTable,
  Market,
  Effects,
  RareEffects,
  ListDesk,
  ListRegistry,
  OrderList,
  Account,
  OrderCounter,
  FixedWindow,
  LiquidityProvider,
  TradeTape,
  AggregateTrades,
  AccountTrades,
  RecordColumns,
  SorDesk,
  ClientOrderIds,
  SeededRandom,
] as const

export const SNAPSHOT_CLASSES: ClassRegistry = new Map(CLASSES.map((c) => [c.name, c]))
