// The legacy listenKey methods: userDataStream.start, .ping, .stop (API key only, no signature).
import { fail } from '../../exchange/api-failure.js'
import { accountOf, type Handler } from './context.js'

export const userDataStreamStart: Handler<'userDataStream.start'> = (ctx) => ({
  listenKey: ctx.streams.listenKeys.start(accountOf(ctx), ctx.now),
})

export const userDataStreamPing: Handler<'userDataStream.ping'> = (ctx, p) => {
  if (!ctx.streams.listenKeys.ping(accountOf(ctx), p.listenKey, ctx.now)) fail('INVALID_LISTEN_KEY')
  return {}
}

export const userDataStreamStop: Handler<'userDataStream.stop'> = (ctx, p) => {
  if (!ctx.streams.listenKeys.stop(accountOf(ctx), p.listenKey, ctx.now)) fail('INVALID_LISTEN_KEY')
  return {}
}
