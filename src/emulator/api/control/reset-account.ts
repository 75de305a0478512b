// One account started over (`resetAccount`): its open orders expire as the exchange cancels them, external locks are
// released, and each balance is moved to its target by deposits and withdrawals. Each step is a command of its own,
// so the journal, the user data streams and a replay need nothing new.
import { MONEY_SCALE } from '../../engine/decimal.js'
import type { BalanceChange } from '../../exchange/commands.js'
import type { Exchange } from '../../exchange/exchange.js'
import { moneyText, unitsOf } from '../../exchange/units.js'

/** Starts account `id` over at `now` with the balances of `target` (asset → decimal; others go to 0). */
export function resetAccount(
  exchange: Exchange,
  id: number,
  target: Readonly<Record<string, string>>,
  now: number,
): { expired: number; balances: Record<string, string> } {
  let expired = 0
  for (const symbol of exchange.symbols.keys()) {
    if (exchange.book(symbol).openCount(id) === 0) continue
    expired += exchange.execute({ kind: 'expireOrders', symbol, accountId: id }, now)
  }
  const change = (asset: string, units: bigint, kind: BalanceChange) => {
    const amount = moneyText(units)
    exchange.execute({ kind: 'changeBalance', accountId: id, asset, amount, change: kind }, now)
  }
  const { balances } = exchange
  for (const [asset, { locked }] of balances.holdings(id)) if (locked > 0n) change(asset, locked, 'unlock')
  for (const asset of new Set([...balances.holdings(id).keys(), ...Object.keys(target)])) {
    const want = unitsOf(target[asset] ?? '0', MONEY_SCALE)
    const { free } = balances.balance(id, asset)
    if (want > free) change(asset, want - free, 'deposit')
    else if (want < free) change(asset, free - want, 'withdraw')
  }
  const after: Record<string, string> = {}
  for (const [asset, { free }] of balances.holdings(id)) after[asset] = moneyText(free)
  return { expired, balances: after }
}
