// The REJECTED execution of an order the engine refused, for the executionReport of a cancel-replace
// whose new order fails after its cancel succeeded (docs/emulator-fidelity.md 3.8.7). The order never
// existed: no id
// (`i` = -1), nothing locked, not on any book.
import type { RejectReason } from '../../protocol/enums.js'
import type { PlaceCommand } from './commands.js'
import { Effects } from './effects.js'
import type { Engine } from './engine.js'
import { statusExecution } from './executions.js'
import { Order } from './order.js'

export function rejectionEffects(
  engine: Engine,
  cmd: PlaceCommand,
  reason: RejectReason,
  now: number,
): Effects {
  const book = engine.book(cmd.symbol)
  if (!book) throw new RangeError(`unknown symbol ${cmd.symbol}`)
  const order = new Order({
    id: -1,
    accountId: cmd.accountId,
    market: book.market,
    side: cmd.side,
    type: cmd.type,
    timeInForce: cmd.timeInForce,
    price: cmd.price,
    origQty: cmd.quantity,
    quoteOrderQty: cmd.quoteOrderQty,
    clientOrderId: cmd.clientOrderId ?? engine.unusedClientId(cmd.symbol, cmd.accountId),
    time: now,
    selfTradePreventionMode: cmd.selfTradePreventionMode,
    strategyId: cmd.strategyId,
    strategyType: cmd.strategyType,
    stopPrice: cmd.stopPrice ?? 0,
    trailingDelta: cmd.trailingDelta,
    icebergQty: cmd.icebergQty ?? 0,
    peg: cmd.peg,
  })
  order.status = 'REJECTED'
  const effects = new Effects()
  const x = statusExecution(order, 'REJECTED', engine.matcher.nextExecutionId(), now, false)
  effects.executions.push({ ...x, workingTime: -1, rejectReason: reason })
  return effects
}
