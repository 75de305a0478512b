// Whether an account may do what it asks: trade on a symbol (its permission sets, restricted symbols), or take a
// trading action (server and account blocks, SOR). The one place this is decided; rows 3.1.4 and 3.2.9 of
// docs/emulator-fidelity.md record the rules and their precedence.
import { ME_MESSAGES } from '../../protocol/errors.js'
import type { Account } from './account.js'
import { fail } from './api-failure.js'
import type { ExchangeConfig } from './config.js'
import type { TradingAction } from './options.js'
import type { ListedSymbol } from './symbols.js'

/** What an account asks: to trade on a symbol (test orders ask it too), or to place, cancel or amend now. */
export type AccountAct =
  | { readonly tradeOn: ListedSymbol }
  | { readonly action: TradingAction; readonly sor?: boolean | undefined }

/** The code each action's refusals carry: -2010 placing, -2011 canceling, -2038 amending. */
const REJECTION = {
  PLACE: 'NEW_ORDER_REJECTED',
  CANCEL: 'CANCEL_REJECTED',
  AMEND: 'ORDER_AMEND_REJECTED',
} as const

/**
 * Fails when `account` may not do `act`. Trading on a symbol needs one permission of every permission set (OR
 * inside a set, AND across sets), then a symbol the account's type is not restricted from. An action is refused
 * first by a server without TRADE access, then by an account that may not trade, then by an action disabled on
 * the account, then (SOR) by `preventSor`.
 */
export function checkAccountMay(config: ExchangeConfig, account: Account, act: AccountAct): void {
  if ('tradeOn' in act) {
    const { info } = act.tradeOn
    const held = account.tradingPermissions
    if (!info.permissionSets.every((set) => set.some((x) => held.includes(x)))) {
      fail('NEW_ORDER_REJECTED', ME_MESSAGES.SYMBOL_NOT_PERMITTED)
    }
    if (account.options.restrictedSymbols?.includes(info.symbol)) {
      fail('NEW_ORDER_REJECTED', ME_MESSAGES.SYMBOL_RESTRICTED)
    }
    return
  }
  const code = REJECTION[act.action]
  if (config.wsApiTrading === false) fail(code, ME_MESSAGES.WS_API_TRADING_DISABLED)
  if (account.options.canTrade === false) fail(code, ME_MESSAGES.ACCOUNT_CANNOT_TRADE)
  if (account.options.disabledActions?.includes(act.action)) fail(code, ME_MESSAGES.ACTION_DISABLED)
  if (act.sor === true && account.options.preventSor === true) {
    fail('NEW_ORDER_REJECTED', ME_MESSAGES.ACTION_DISABLED)
  }
}
