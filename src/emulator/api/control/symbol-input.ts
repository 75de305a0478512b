// The symbols the control API lists (`addSymbol`), checked before they become commands: every field as the config
// file's `symbols` entries take it, the fields together and the engine's own rules (its integer units), all in
// symbolOptions. A wrong field throws a ControlParamError naming it.
import { ShapeError } from '../../../protocol/json-check.js'
import type { SymbolOptions } from '../../exchange/options.js'
import { symbolOptions } from '../../exchange/symbol-check.js'
import { ControlParamError } from './control-param-error.js'

/** Binance's symbol names: what a stream name (`<symbol>@trade`, lowercase) and a REST path can carry. */
export const SYMBOL_NAME = /^[A-Z0-9_.-]{1,20}$/

export function symbolInput(input: unknown): SymbolOptions {
  let options: SymbolOptions
  try {
    options = symbolOptions(input, '') as SymbolOptions
  } catch (err) {
    if (err instanceof ShapeError) throw new ControlParamError(err.path || 'the body', err.problem)
    throw err
  }
  if (!SYMBOL_NAME.test(options.symbol)) {
    throw new ControlParamError(
      'symbol',
      `must be 1 to 20 of A-Z, 0-9, '-', '_', '.' (got '${options.symbol}')`,
    )
  }
  return options
}
