// What a method handler gets: the exchange, the connection, the authenticated account, the time.
import type { Method, MethodSpec, ParamsOf, ResultOf } from '../../../protocol/methods.js'
import type { RateLimitRule } from '../../../protocol/results.js'
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import type { Exchange } from '../../exchange/exchange.js'
import type { Connection } from '../connection.js'
import type { UserStreams } from '../user-streams.js'

export interface HandlerContext {
  readonly exchange: Exchange
  readonly connection: Connection
  readonly streams: UserStreams
  /** The catalogue row of the method being answered. */
  readonly method: MethodSpec
  /** The account of a SIGNED or SESSION request, once authenticated. */
  readonly account: Account | undefined
  /** Request time, ms. */
  readonly now: number
  /** Over REST: its RAW_REQUESTS rule, which REST's exchangeInfo lists; undefined over the WebSocket API. */
  readonly rawRequests?: RateLimitRule | undefined
  /** Runs `task` after the response is sent: the events of a request follow its response. */
  later(task: () => void): void
}

/** Answers one method: its validated params in, its result out; errors are thrown as ApiFailure. */
export type Handler<M extends Method> = (ctx: HandlerContext, params: ParamsOf<M>) => ResultOf<M>

/** One handler per catalogue method: a missing one is a compile error. */
export type HandlerTable = { readonly [M in Method]: Handler<M> }

/** The authenticated account (dispatch authenticates every SIGNED and SESSION method first). */
export function accountOf(ctx: HandlerContext): Account {
  return ctx.account ?? fail('UNAUTHORIZED')
}
