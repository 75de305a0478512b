// Self-trade prevention: when a match is a self-trade and which mode acts on it (docs/emulator-fidelity.md
// 3.10.1–3.10.2).
import type { SelfTradePreventionMode } from '../../protocol/enums.js'
import type { Order } from './order.js'

/** `-1`: the account belongs to no trade group. */
export const NO_TRADE_GROUP = -1

/**
 * The mode that acts when `taker` would match `maker`, or NONE when they may trade: orders of one
 * account, or of accounts sharing a trade group, under the taker's mode (TRANSFER needs both sides).
 */
export function effectiveStpMode(
  taker: Order,
  maker: Order,
  tradeGroup: (accountId: number) => number,
): SelfTradePreventionMode {
  return stpModeAgainst(taker.accountId, taker.selfTradePreventionMode, maker, tradeGroup)
}

/** effectiveStpMode for a taker given by its account and mode (one not yet made into an Order). */
function stpModeAgainst(
  accountId: number,
  mode: SelfTradePreventionMode,
  maker: Order,
  tradeGroup: (accountId: number) => number,
): SelfTradePreventionMode {
  if (mode === 'NONE') return 'NONE'
  if (accountId !== maker.accountId) {
    const group = tradeGroup(accountId)
    if (group === NO_TRADE_GROUP || group !== tradeGroup(maker.accountId)) return 'NONE'
  }
  if (mode === 'TRANSFER' && maker.selfTradePreventionMode !== 'TRANSFER') return 'DECREMENT'
  return mode
}

/**
 * The makers a walk over the book that plans a taker of `accountId` with STP `mode` leaves out (undefined: none):
 * - `cost` (the quote a MARKET BUY by quantity reserves): the makers EXPIRE_MAKER takes off the book, and those
 *   DECREMENT (or TRANSFER with a non-TRANSFER maker) prevents. A decremented maker costs nothing but also uses up
 *   taker quantity; leaving it out walks that quantity on to deeper, dearer levels, an upper bound of the real cost.
 * - `quote` (the quantity a MARKET order by quoteOrderQty is sized to): the makers EXPIRE_MAKER takes off the book
 *   only. A DECREMENT or TRANSFER maker counts as the trade it stands in for; EXPIRE_TAKER and EXPIRE_BOTH end the
 *   taker at the maker, so the walk counts it as any other (docs/emulator-fidelity.md 3.3.4).
 */
export function stpWalkSkips(
  accountId: number,
  mode: SelfTradePreventionMode,
  tradeGroup: (accountId: number) => number,
  walk: 'cost' | 'quote',
): ((maker: Order) => boolean) | undefined {
  if (mode === 'EXPIRE_MAKER') {
    return (maker) => stpModeAgainst(accountId, mode, maker, tradeGroup) === 'EXPIRE_MAKER'
  }
  if (walk === 'quote' || (mode !== 'DECREMENT' && mode !== 'TRANSFER')) return undefined
  return (maker) => stpModeAgainst(accountId, mode, maker, tradeGroup) === 'DECREMENT'
}

/** The quantities a mode expires from the taker and the maker (undefined: that side is untouched). */
export function preventedQuantities(
  mode: SelfTradePreventionMode,
  takerLeft: number,
  makerLeft: number,
): { taker: number | undefined; maker: number | undefined } {
  switch (mode) {
    case 'EXPIRE_TAKER':
      return { taker: takerLeft, maker: undefined }
    case 'EXPIRE_MAKER':
      return { taker: undefined, maker: makerLeft }
    case 'EXPIRE_BOTH':
      return { taker: takerLeft, maker: makerLeft }
    case 'DECREMENT':
    case 'TRANSFER': {
      const q = Math.min(takerLeft, makerLeft)
      return { taker: q, maker: q }
    }
    case 'NONE':
      return { taker: undefined, maker: undefined }
  }
}
