// Request weight of one call: the catalogue's fixed weight or its rule evaluated on the params.
import type { MethodSpec, WeightRule } from './methods.js'

/** Tells whether a symbol exists; only `myPreventedMatches` weighs an unknown symbol differently. */
export type SymbolCheck = (symbol: string) => boolean

/** The REQUEST_WEIGHT this call costs; out-of-range values weigh as the nearest documented range. */
export function requestWeight(
  spec: Pick<MethodSpec, 'weight'>,
  params: Readonly<Record<string, unknown>>,
  isKnownSymbol?: SymbolCheck,
): number {
  const { weight } = spec
  return typeof weight === 'number' ? weight : ruleWeight(weight, params, isKnownSymbol)
}

function ruleWeight(
  rule: WeightRule,
  params: Readonly<Record<string, unknown>>,
  isKnownSymbol: SymbolCheck | undefined,
): number {
  switch (rule.kind) {
    case 'byLimit': {
      const n = toNumber(params[rule.param]) ?? rule.default
      return pickRange(rule.ranges, n)?.weight ?? 0
    }
    case 'bySymbolParam': {
      if (isSet(params['symbol'])) return rule.symbol ?? rule.none
      if (isSet(params['symbols'])) {
        if (rule.symbolsPerSymbol === undefined) return rule.symbols ?? rule.none
        const total = symbolCount(params['symbols']) * rule.symbolsPerSymbol
        return Math.min(total, rule.symbolsCap ?? total)
      }
      if (isSet(params['symbolStatus'])) return rule.symbolStatus ?? rule.none
      return rule.none
    }
    case 'bySymbolCount': {
      // No symbol where all are not served (-1102), or an empty list: weighed as one symbol.
      const n = requestedSymbols(params)
      const first = rule.ranges[0]
      if (n === undefined) return rule.all ?? (first ? rangeWeight(first, first.min) : 0)
      const range = pickRange(rule.ranges, n)
      return range ? rangeWeight(range, Math.max(n, range.min)) : 0
    }
    case 'perSymbol': {
      const n = Math.max(requestedSymbols(params) ?? 1, 1)
      return n > rule.capAbove ? rule.cap : n * rule.perSymbol
    }
    case 'byFlag':
      return isTrue(params[rule.param]) ? rule.true : rule.false
    case 'byParamPresence':
      return isSet(params[rule.param]) ? rule.present : rule.absent
    case 'byQuery': {
      const symbol = params['symbol']
      if (isKnownSymbol && typeof symbol === 'string' && !isKnownSymbol(symbol)) return rule.invalidSymbol
      if (isSet(params['preventedMatchId'])) return rule.preventedMatchId
      if (isSet(params['orderId'])) return rule.orderId
      return rule.invalidSymbol
    }
    default:
      return assertNever(rule)
  }
}

interface Range {
  readonly min: number
  readonly max: number | null
}

/** The range holding `n`; below the first or above the last, that end's range. */
function pickRange<R extends Range>(ranges: readonly R[], n: number): R | undefined {
  const first = ranges[0]
  if (first && n < first.min) return first
  for (const r of ranges) if (n >= r.min && (r.max === null || n <= r.max)) return r
  return ranges[ranges.length - 1]
}

function rangeWeight(range: { readonly weight?: number; readonly perSymbol?: number }, n: number): number {
  return range.weight ?? n * (range.perSymbol ?? 0)
}

/** 1 for `symbol`, the list length for `symbols`, `undefined` when neither is sent (all symbols). */
function requestedSymbols(params: Readonly<Record<string, unknown>>): number | undefined {
  if (isSet(params['symbol'])) return 1
  if (isSet(params['symbols'])) return symbolCount(params['symbols'])
  return undefined
}

/** Counts a `symbols` value sent as an array, a JSON array string, or a comma-separated string. */
export function symbolCount(value: unknown): number {
  if (Array.isArray(value)) return value.length
  if (typeof value !== 'string') return 0
  const text = value.trim()
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (Array.isArray(parsed)) return parsed.length
    } catch {
      return text.split(',').length
    }
  }
  return text.split(',').filter((s) => s.trim() !== '').length
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null
}

function isTrue(v: unknown): boolean {
  return v === true || v === 'true'
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

function assertNever(x: never): never {
  throw new TypeError(`unknown weight rule: ${JSON.stringify(x)}`)
}
