// User data stream subscriptions beyond the logged-on session: userDataStream.subscribe.signature
// (any connection, several accounts) and session.subscriptions.
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import type { Subscription } from '../connection.js'
import { accountOf, type Handler, type HandlerContext } from './context.js'

/** Opens a subscription for `account` on this connection within the per-connection limits. */
export function openSubscription(ctx: HandlerContext, account: Account, viaSession: boolean): Subscription {
  const { connection, streams } = ctx
  for (const s of connection.subscriptions.values()) if (s.account === account) fail('SUBSCRIPTION_ACTIVE')
  if (connection.subscriptionsOpened >= streams.limits.maxIds) fail('MAXIMUM_SUBSCRIPTION_IDS')
  if (connection.subscriptions.size >= streams.limits.maxActive) {
    fail('TOO_MANY_SUBSCRIPTIONS', streams.limits.maxActive)
  }
  return streams.subscribe(connection, account, viaSession)
}

export const userDataStreamSubscribeSignature: Handler<'userDataStream.subscribe.signature'> = (ctx) => ({
  subscriptionId: openSubscription(ctx, accountOf(ctx), false).id,
})

export const sessionSubscriptions: Handler<'session.subscriptions'> = (ctx) =>
  [...ctx.connection.subscriptions.keys()].map((subscriptionId) => ({ subscriptionId }))
