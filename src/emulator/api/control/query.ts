// Reads of the WebSocket API's methods for the control API: any account's view without its key's signature,
// without request weight — what the dashboard and a test harness read the exchange's state with.
import { METHOD_BY_WIRE, type Method, type ParamsOf, type ResultOf } from '../../../protocol/methods.js'
import { fail } from '../../exchange/api-failure.js'
import type { Exchange } from '../../exchange/exchange.js'
import { Connection } from '../connection.js'
import type { Handler } from '../handlers/context.js'
import { HANDLERS } from '../handlers/index.js'
import type { UserStreams } from '../user-streams.js'
import { validateParams } from '../wire/params.js'

/** The read-only methods `query` answers: market data, and one account's orders, trades and balances. */
export const QUERY_METHODS = [
  'exchangeInfo',
  'depth',
  'trades.recent',
  'klines',
  'avgPrice',
  'ticker.price',
  'ticker.book',
  'ticker.24hr',
  'account.status',
  'account.commission',
  'account.rateLimits.orders',
  'order.status',
  'openOrders.status',
  'allOrders',
  'openOrderLists.status',
  'myTrades',
] as const satisfies readonly Method[]

export type QueryMethod = (typeof QUERY_METHODS)[number]

const QUERIES: ReadonlySet<string> = new Set(QUERY_METHODS)

/** Answers `method` with `params` (as the WebSocket API takes them), as the account of `apiKey` when given. */
export function query<M extends QueryMethod>(
  exchange: Exchange,
  streams: UserStreams,
  now: number,
  method: M,
  params: Readonly<Record<string, unknown>>,
  apiKey: string | undefined,
): ResultOf<M> {
  const spec = METHOD_BY_WIRE.get(method)
  if (!spec || !QUERIES.has(method))
    throw new RangeError(`query: '${method}' is not one of ${QUERY_METHODS.join(', ')}`)
  const account = apiKey === undefined ? undefined : exchange.account(apiKey)
  if (apiKey !== undefined && !account) throw new RangeError(`no account has the API key '${apiKey}'`)
  if (spec.security !== 'NONE' && !account) throw new RangeError(`query: '${method}' needs an apiKey`)
  // As the WebSocket API's frames give them: a number param as its text (api/wire/frame.ts).
  const texts = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
  )
  const valid = validateParams(spec, texts)
  const symbol = valid['symbol']
  if (typeof symbol === 'string' && !exchange.symbols.has(symbol)) fail('BAD_SYMBOL')
  const connection = new Connection('control', now, false, () => {})
  const handler = HANDLERS[method] as unknown as Handler<M>
  const ctx = {
    exchange,
    connection,
    streams,
    method: spec,
    account,
    now,
    later: (task: () => void) => task(),
  }
  return handler(ctx, valid as ParamsOf<M>)
}
