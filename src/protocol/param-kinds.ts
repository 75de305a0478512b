// What the kinds of catalogue params mean at run time, for the code that checks params: the client and the CLI.
import type { CommonParams, ParamKind } from './methods.js'

/** A decimal as the API takes it: digits with an optional fraction; no sign, exponent or spaces. */
export const DECIMAL_TEXT = /^\d+(\.\d+)?$/

/** The kinds of `CommonParams`, which every method accepts besides its row's. */
export const COMMON_PARAMS: { readonly [K in keyof Required<CommonParams>]: ParamKind } = {
  returnRateLimits: 'BOOLEAN',
}

/** How a kind reads in help and errors: `DECIMAL`, or `BUY|SELL` for an enum. */
export function kindLabel(kind: ParamKind): string {
  return typeof kind === 'string' ? kind : kind.join('|')
}
