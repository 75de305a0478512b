// `workingFloor` and `usedSor` of a SOR order in placement, query and cancel responses
// (docs/emulator-fidelity.md 3.11.4, 3.16.5).
import type { ConditionalOrderFields } from '../../../protocol/results.js'
import type { Order } from '../../engine/order.js'

/**
 * `report` with `workingFloor` just before `selfTradePreventionMode` and `usedSor` last, as in the spec's
 * `sor.order.place` example; unchanged for an order placed without SOR.
 */
export function withSorFields<T extends object>(o: Order, report: T): T & ConditionalOrderFields {
  const floor = o.workingFloor
  if (floor === undefined) return report
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(report)) {
    if (key === 'selfTradePreventionMode') out.workingFloor = floor
    if (key !== 'workingFloor' && key !== 'usedSor') out[key] = value
  }
  if (!('workingFloor' in out)) out.workingFloor = floor
  out.usedSor = true
  return out as T & ConditionalOrderFields
}
