// The SOR tests' market: on a frozen clock, a maker `mk` who rests asks and a trader `sor` who routes (HMAC keys, no
// commission, both user data streams recorded), and what picks their executionReports.
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import type { ExecutionReport, UserDataEvent } from '../../../src/protocol/events.js'
import {
  NO_COMMISSION,
  startExchange,
  T0,
  type TestAccount,
  type TestExchange,
} from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { recordEvents, type UserEvents } from '../../support/user-events.js'

export interface SorMarket extends TestExchange {
  readonly mk: WebsocketAPIConnection
  readonly sor: WebsocketAPIConnection
  readonly makerEvents: UserEvents
  readonly sorEvents: UserEvents
  /** Rests a GTC SELL of the maker. */
  ask(symbol: string, price: string, quantity: string): ReturnType<WebsocketAPIConnection['orderPlace']>
}

/** Starts the market with these balances; `others` are more accounts (HMAC unless they say). */
export async function startSorMarket(
  balances: { mk: Record<string, string>; sor: Record<string, string> },
  others: TestAccount[] = [],
): Promise<SorMarket> {
  const kit = await startExchange({
    clock: T0,
    accounts: [
      { apiKey: 'mk', key: 'hmac', commission: NO_COMMISSION, balances: balances.mk },
      { apiKey: 'sor', key: 'hmac', commission: NO_COMMISSION, balances: balances.sor },
      ...others.map((a) => ({ key: 'hmac' as const, ...a })),
    ],
  })
  const [mk, sor] = await kit.connectAll(['mk', 'sor'], { syncClock: false })
  const [makerEvents, sorEvents] = await Promise.all([
    recordEvents(mk, 'signature'),
    recordEvents(sor, 'signature'),
  ])
  const ask = (symbol: string, price: string, quantity: string) =>
    mk.orderPlace(limit(symbol, 'SELL', price, quantity))
  return Object.assign(kit, { mk, sor, makerEvents, sorEvents, ask })
}

/** The executionReports of `list` for order `orderId` on `symbol`. */
export const reportsOf = (list: UserDataEvent[], symbol: string, orderId: number | undefined) =>
  list.filter((e): e is ExecutionReport => e.e === 'executionReport' && e.s === symbol && e.i === orderId)

/** Accepts the executionReport of order `orderId` on `symbol` with execution type `x` and status `X`. */
export const report =
  (symbol: string, orderId: number | undefined, x: string, X: string) => (e: UserDataEvent) =>
    e.e === 'executionReport' && e.s === symbol && e.i === orderId && e.x === x && e.X === X
