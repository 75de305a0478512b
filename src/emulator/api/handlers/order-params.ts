// Parameter rules of order entry that need no market data: which params each order type requires
// or refuses, client order id syntax, strategyType, precision. Dispatch runs these before auth.
import { MONEY_SCALE, significantDecimals } from '../../engine/decimal.js'
import { fail } from '../../exchange/api-failure.js'
import type { NewOrder } from '../../exchange/commands.js'
import { isAbsent } from '../wire/params.js'

/** The client order id syntax (docs/emulator-fidelity.md A40), quoted in -1100's message as Binance does. */
const CLIENT_ORDER_ID = /^[.A-Za-z0-9:/_-]{1,36}$/
const CLIENT_ORDER_ID_RANGE = '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'

const DECIMAL_PARAMS = ['price', 'quantity', 'quoteOrderQty', 'stopPrice', 'icebergQty'] as const

export function checkClientOrderId(name: string, value: string | undefined): void {
  if (value !== undefined && !CLIENT_ORDER_ID.test(value)) {
    fail('ILLEGAL_CHARS_IN_PARAM', name, CLIENT_ORDER_ID_RANGE)
  }
}

export function checkOrderParams(p: NewOrder): void {
  const has = (name: keyof NewOrder) => !isAbsent(p[name])
  const needs = (...names: (keyof NewOrder)[]) => {
    for (const n of names) if (!has(n)) fail('MANDATORY_PARAM', n)
  }
  const refuse = (...names: (keyof NewOrder)[]) => {
    for (const n of names) if (has(n)) fail('PARAM_NOT_REQUIRED', n)
  }
  const stopOrTrailing = () => {
    if (!has('stopPrice') && !has('trailingDelta')) fail('PARAM_EITHER', 'stopPrice', 'trailingDelta')
  }
  const priced: (keyof NewOrder)[] = has('pegPriceType') ? [] : ['price']
  switch (p.type) {
    case 'LIMIT':
      needs('timeInForce', ...priced, 'quantity')
      refuse('quoteOrderQty', 'stopPrice', 'trailingDelta')
      break
    case 'LIMIT_MAKER':
      needs(...priced, 'quantity')
      if (has('timeInForce')) fail('TIF_NOT_REQUIRED')
      refuse('quoteOrderQty', 'stopPrice', 'trailingDelta')
      break
    case 'MARKET':
      if (!has('quantity') && !has('quoteOrderQty')) fail('PARAM_EITHER', 'quantity', 'quoteOrderQty')
      if (has('quantity')) refuse('quoteOrderQty')
      if (has('timeInForce')) fail('TIF_NOT_REQUIRED')
      refuse('price', 'stopPrice', 'trailingDelta')
      break
    case 'STOP_LOSS':
    case 'TAKE_PROFIT':
      needs('quantity')
      stopOrTrailing()
      if (has('timeInForce')) fail('TIF_NOT_REQUIRED')
      refuse('quoteOrderQty', 'price')
      break
    case 'STOP_LOSS_LIMIT':
    case 'TAKE_PROFIT_LIMIT':
      needs('timeInForce', ...priced, 'quantity')
      stopOrTrailing()
      refuse('quoteOrderQty')
      break
  }
  if (has('pegOffsetType') !== has('pegOffsetValue')) {
    fail('FIELDS_SENT_TOGETHER', 'pegOffsetType, pegOffsetValue')
  }
  if (has('pegOffsetType') && !has('pegPriceType')) fail('MANDATORY_PARAM', 'pegPriceType')
  if (p.pegOffsetValue !== undefined && (p.pegOffsetValue < 0 || p.pegOffsetValue > 100)) {
    fail('INVALID_PARAMETER', 'pegOffsetValue')
  }
  if (p.trailingDelta !== undefined && p.trailingDelta <= 0) fail('INVALID_PARAMETER', 'trailingDelta')
  checkClientOrderId('newClientOrderId', p.newClientOrderId)
  if (p.strategyType !== undefined && p.strategyType < 1_000_000) fail('BAD_STRATEGY_TYPE')
  for (const name of DECIMAL_PARAMS) {
    const v = p[name]
    if (v !== undefined && significantDecimals(v) > MONEY_SCALE) fail('BAD_PRECISION', name)
  }
}
