// The catalogue as the CLI shows it: method lookup by either name, weights as short text.
import {
  METHOD_BY_NAME,
  METHOD_BY_WIRE,
  METHOD_LIST,
  type MethodSpec,
  type WeightRule,
} from '../protocol/methods.js'
import { didYouMean } from '../protocol/suggest.js'
import { UsageError } from './command.js'

/** The method named by its wire name (`order.place`) or client name (`orderPlace`), or a UsageError. */
export function findMethod(input: string): MethodSpec {
  const spec = METHOD_BY_WIRE.get(input) ?? METHOD_BY_NAME.get(input)
  if (spec) return spec
  const names = METHOD_LIST.flatMap((m) => [m.wire, m.name])
  throw new UsageError(
    `unknown method '${input}'${didYouMean(input, names)}; \`binance-spot-ws methods\` lists them`,
  )
}

const span = (values: readonly number[]) => {
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  return lo === hi ? `${lo}` : `${lo}-${hi}`
}

/** A method's request weight as one short phrase: `20`, `5-250 by limit`, `1, 0 if it succeeds`. */
export function describeMethodWeight(spec: Pick<MethodSpec, 'weight' | 'successWeight'>): string {
  const weight = describeWeight(spec.weight)
  return spec.successWeight === 0 ? `${weight}, 0 if it succeeds` : weight
}

/** A request weight as one short phrase: `20`, `5-250 by limit`, `4 per symbol, max 200`. */
function describeWeight(weight: number | WeightRule): string {
  if (typeof weight === 'number') return String(weight)
  switch (weight.kind) {
    case 'byLimit':
      return `${span(weight.ranges.map((r) => r.weight))} by ${weight.param}`
    case 'bySymbolParam': {
      const values = [weight.none, weight.symbol, weight.symbols, weight.symbolsCap, weight.symbolStatus]
      return `${span(values.filter((v): v is number => v !== undefined))} by symbol(s)`
    }
    case 'bySymbolCount': {
      const values = weight.ranges.flatMap((r) =>
        r.weight !== undefined
          ? [r.weight]
          : [(r.perSymbol ?? 0) * r.min, (r.perSymbol ?? 0) * (r.max ?? r.min)],
      )
      if (weight.all !== undefined) values.push(weight.all)
      return `${span(values)} by symbol count`
    }
    case 'perSymbol':
      return `${weight.perSymbol} per symbol, max ${weight.cap}`
    case 'byFlag':
      return `${weight.false}, ${weight.true} with ${weight.param}`
    case 'byParamPresence':
      return `${weight.present} with ${weight.param}, else ${weight.absent}`
    case 'byQuery':
      return `${span([weight.invalidSymbol, weight.preventedMatchId, weight.orderId])} by query`
  }
}
