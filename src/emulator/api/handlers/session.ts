// Session authentication and user data stream subscriptions on this connection.
import type { SessionStatus } from '../../../protocol/results.js'
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import { accountOf, type Handler, type HandlerContext } from './context.js'
import { openSubscription } from './session-subscriptions.js'

function status(ctx: HandlerContext): SessionStatus {
  const { connection } = ctx
  return {
    apiKey: connection.session?.account.apiKey ?? null,
    authorizedSince: connection.session?.since ?? null,
    connectedSince: connection.connectedSince,
    returnRateLimits: connection.returnRateLimits,
    serverTime: ctx.now,
    userDataStream: connection.subscriptions.size > 0,
  }
}

/** Ends the subscription made through the session, unless it belongs to `keep`. */
function endSessionSubscription(ctx: HandlerContext, keep?: Account): void {
  for (const s of ctx.connection.subscriptions.values()) {
    if (s.viaSession && s.account !== keep) ctx.later(ctx.streams.terminate(ctx.connection, s, ctx.now))
  }
}

export const sessionLogon: Handler<'session.logon'> = (ctx) => {
  const account = accountOf(ctx)
  endSessionSubscription(ctx, account)
  if (ctx.connection.session?.account !== account) ctx.connection.session = { account, since: ctx.now }
  const s = status(ctx)
  return { ...s, apiKey: account.apiKey, authorizedSince: s.authorizedSince ?? ctx.now }
}

export const sessionStatus: Handler<'session.status'> = (ctx) => status(ctx)

export const sessionLogout: Handler<'session.logout'> = (ctx) => {
  endSessionSubscription(ctx)
  ctx.connection.session = undefined
  return { ...status(ctx), apiKey: null, authorizedSince: null }
}

export const userDataStreamSubscribe: Handler<'userDataStream.subscribe'> = (ctx) => ({
  subscriptionId: openSubscription(ctx, accountOf(ctx), true).id,
})

export const userDataStreamUnsubscribe: Handler<'userDataStream.unsubscribe'> = (ctx, p) => {
  const { connection } = ctx
  if (p.subscriptionId === undefined && connection.subscriptions.size === 0) fail('SUBSCRIPTION_INACTIVE')
  for (const s of [...connection.subscriptions.values()]) {
    if (p.subscriptionId === undefined || s.id === p.subscriptionId) {
      ctx.later(ctx.streams.terminate(connection, s, ctx.now))
    }
  }
  return {}
}
