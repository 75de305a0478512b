// Reference prices and execution rules: referencePrice, referencePrice.calculation, executionRules.
import type { ExecutionRule, ExecutionRules, ReferencePriceCalculation } from '../../../protocol/results.js'
import { MONEY_SCALE, pow10 } from '../../engine/decimal.js'
import { fail } from '../../exchange/api-failure.js'
import type { Exchange } from '../../exchange/exchange.js'
import { type ReferenceValue, referencePrice } from '../../exchange/market-data/reference-price.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { moneyText } from '../../exchange/units.js'
import type { Handler } from './context.js'
import { listed, selectSymbols } from './symbol-selection.js'

/** The symbol's reference price now (money units), or why there is none. */
export function referenceOf(exchange: Exchange, s: ListedSymbol, now: number): ReferenceValue {
  const symbol = s.info.symbol
  const market = exchange.book(symbol).market
  const toMoney = (price: number) => BigInt(price) * pow10(MONEY_SCALE - market.priceScale)
  return referencePrice(s.options.referencePriceCalculation, exchange.tape(symbol), toMoney, now)
}

export const referencePriceHandler: Handler<'referencePrice'> = (ctx, p) => {
  const value = referenceOf(ctx.exchange, listed(ctx, p.symbol), ctx.now)
  if (value === 'NEVER_SET') return fail('NO_REFERENCE_PRICE')
  return {
    symbol: p.symbol,
    referencePrice: value.price === null ? null : moneyText(value.price),
    timestamp: ctx.now,
  }
}

export const referencePriceCalculation: Handler<'referencePrice.calculation'> = (ctx, p) => {
  const s = listed(ctx, p.symbol)
  if (p.symbolStatus !== undefined && s.info.status !== p.symbolStatus) fail('SYMBOL_DOES_NOT_MATCH_STATUS')
  const calc = s.options.referencePriceCalculation ?? fail('NO_REFERENCE_PRICE')
  const out: ReferencePriceCalculation =
    calc.calculationType === 'ARITHMETIC_MEAN'
      ? {
          symbol: p.symbol,
          calculationType: 'ARITHMETIC_MEAN',
          bucketCount: calc.bucketCount,
          bucketWidthMs: calc.bucketWidthMs,
        }
      : { symbol: p.symbol, calculationType: 'EXTERNAL', externalCalculationId: calc.externalCalculationId }
  return out
}

/**
 * `symbols` of executionRules is typed STRING: a JSON array, or names separated by commas
 * (docs/emulator-fidelity.md A8).
 */
function symbolList(text: string): string[] {
  if (text.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed
    } catch {
      return fail('INVALID_PARAMETER', 'symbols')
    }
    return fail('INVALID_PARAMETER', 'symbols')
  }
  return text.split(',').map((x) => x.trim())
}

/** The PRICE_RANGE rule of a symbol, with the multipliers it configures; none when it has no rule. */
function priceRangeRules(s: ListedSymbol): ExecutionRule[] {
  const r = s.options.priceRange
  if (!r) return []
  const rule: Partial<ExecutionRule> = { ruleType: 'PRICE_RANGE' }
  if (r.bidLimitMultUp !== undefined) rule.bidLimitMultUp = r.bidLimitMultUp
  if (r.bidLimitMultDown !== undefined) rule.bidLimitMultDown = r.bidLimitMultDown
  if (r.askLimitMultUp !== undefined) rule.askLimitMultUp = r.askLimitMultUp
  if (r.askLimitMultDown !== undefined) rule.askLimitMultDown = r.askLimitMultDown
  return [rule as ExecutionRule]
}

export const executionRules: Handler<'executionRules'> = (ctx, p) => {
  const given = [p.symbol, p.symbols, p.symbolStatus].filter((v) => v !== undefined)
  if (given.length > 1) fail('OPTIONAL_PARAMS_BAD_COMBO')
  const selection = {
    symbol: p.symbol,
    symbols: p.symbols === undefined ? undefined : symbolList(p.symbols),
    symbolStatus: p.symbolStatus,
  }
  const { symbols } = selectSymbols(ctx, selection, () => true)
  const out: ExecutionRules = {
    symbolRules: symbols.map((s) => ({ symbol: s.info.symbol, rules: priceRangeRules(s) })),
  }
  return out
}
