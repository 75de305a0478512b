// Account-level and server-level trading blocks (DIGEST 3.2.9): matching-engine messages that refuse an
// action whatever the order. Checked where the action reaches the engine, after the order's own checks.
import { ME_MESSAGES } from '../../../protocol/errors.js'
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import type { TradingAction } from '../../exchange/options.js'
import type { HandlerContext } from './context.js'

/** The code each action's rejections carry: -2010 placing, -2011 canceling, -2038 amending. */
const REJECTION = {
  PLACE: 'NEW_ORDER_REJECTED',
  CANCEL: 'CANCEL_REJECTED',
  AMEND: 'ORDER_AMEND_REJECTED',
} as const

/**
 * Fails when `action` is blocked: first a server without TRADE access ("WebSocket API trading is not
 * enabled."), then an account that may not trade ("This account may not place or cancel orders."), then
 * an action disabled on the account ("This action is disabled on this account.").
 */
export function checkTradingAllowed(ctx: HandlerContext, account: Account, action: TradingAction): void {
  const code = REJECTION[action]
  if (ctx.exchange.config.wsApiTrading === false) fail(code, ME_MESSAGES.WS_API_TRADING_DISABLED)
  if (account.options.canTrade === false) fail(code, ME_MESSAGES.ACCOUNT_CANNOT_TRADE)
  if (account.options.disabledActions?.includes(action)) fail(code, ME_MESSAGES.ACTION_DISABLED)
}
