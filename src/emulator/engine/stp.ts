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
  const mode = taker.selfTradePreventionMode
  if (mode === 'NONE') return 'NONE'
  if (taker.accountId !== maker.accountId) {
    const group = tradeGroup(taker.accountId)
    if (group === NO_TRADE_GROUP || group !== tradeGroup(maker.accountId)) return 'NONE'
  }
  if (mode === 'TRANSFER' && maker.selfTradePreventionMode !== 'TRANSFER') return 'DECREMENT'
  return mode
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
