// order.cancelReplace (docs/emulator-fidelity.md 3.8): order entry's checks up to the filters, the count, then the cancel and (unless it
// failed and the mode stops there) the new order through the rest of order entry; not transactional. A new order
// the matching engine refuses after a successful cancel gets its REJECTED execution (3.8.7).
import type { RejectReason } from '../../protocol/enums.js'
import { apiError, ME_MESSAGES } from '../../protocol/errors.js'
import { rejectionEffects } from '../engine/rejection.js'
import { ApiFailure } from './api-failure.js'
import { cancelOrder } from './cancel.js'
import type { CancelReplaced, CommandOf, ExchangeEvent } from './commands.js'
import { placeCommand } from './engine-command.js'
import { placeChecked } from './new-orders.js'
import { AFTER_THE_CANCEL, BEFORE_THE_CANCEL, checkEntry, entryOf } from './order-entry.js'
import type { ExchangeState } from './state.js'

/** -2010: the matching engine refused the new order. */
const ENGINE_REJECTION = -2010

const REJECT_REASONS: ReadonlyMap<string, RejectReason> = new Map([
  [ME_MESSAGES.INSUFFICIENT_BALANCE, 'INSUFFICIENT_BALANCES'],
  [ME_MESSAGES.WOULD_TRIGGER_IMMEDIATELY, 'STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY'],
  [ME_MESSAGES.WOULD_MATCH_IMMEDIATELY, 'WOULD_MATCH_IMMEDIATELY'],
])

/** `step`'s result, or the refusal it threw. */
function attempt<T>(step: () => T): T | ApiFailure {
  try {
    return step()
  } catch (e) {
    if (e instanceof ApiFailure) return e
    throw e
  }
}

export function cancelReplace(
  state: ExchangeState,
  cmd: CommandOf<'cancelReplace'>,
  now: number,
  events: ExchangeEvent[],
): CancelReplaced {
  const { accountId, order, cost } = cmd
  const e = entryOf(state, {
    kind: 'REPLACE',
    accountId,
    symbol: order.symbol,
    orders: [order],
    cost,
    now,
    cancelOnly: cmd.onOrderLimit === 'CANCEL_ONLY',
  })
  checkEntry(e, BEFORE_THE_CANCEL)
  state.orderCounter.add(accountId, cost, now)
  const canceled = attempt(() =>
    cancelOrder(state, { accountId, symbol: order.symbol, ...cmd.cancel }, now, events),
  )
  const cancelFailed = canceled instanceof ApiFailure
  let placed: CancelReplaced['placed'] = null
  if (e.overLimit) {
    placed = apiError('TOO_MANY_ORDERS', e.overLimit.rule.limit, e.overLimit.label)
  } else if (!cancelFailed || cmd.mode === 'ALLOW_FAILURE') {
    const result = attempt(() => {
      checkEntry(e, AFTER_THE_CANCEL)
      return placeChecked({ ...e, cost: 0 }, events)
    })
    placed = result instanceof ApiFailure ? result.body : result
    if (!cancelFailed && result instanceof ApiFailure && result.body.code === ENGINE_REJECTION) {
      const reason = REJECT_REASONS.get(result.body.msg) ?? 'NONE'
      const cmd = placeCommand(e.account, e.symbol, order, e.pegs[0])
      events.push(rejectionEffects(state.engine, cmd, reason, now))
    }
  }
  return { canceled: cancelFailed ? canceled.body : canceled, placed }
}
