// Appends what one engine command changed to the effects of the command it is part of.
import type { Effects } from '../effects.js'

export function mergeEffects(into: Effects, from: Effects): void {
  if (into === from) return
  into.executions.push(...from.executions)
  into.trades.push(...from.trades)
  into.firstFills.push(...from.firstFills)
  into.prevented.push(...from.prevented)
  into.triggered.push(...from.triggered)
  into.listUpdates.push(...from.listUpdates)
  for (const [accountId, assets] of from.balances) for (const a of assets) into.touch(accountId, a)
}
