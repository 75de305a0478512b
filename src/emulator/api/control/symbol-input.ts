// The symbols the control API lists (`addSymbol`), checked before they become commands: every field as the config
// file's `symbols` entries take it, the fields together and the engine's own rules (its integer units), all in
// symbolOptions (the name's form too). A wrong field throws a ControlParamError naming it.
import { ShapeError } from '../../../protocol/json-check.js'
import type { SymbolOptions } from '../../exchange/options.js'
import { symbolOptions } from '../../exchange/symbol-check.js'
import { ControlParamError } from './control-param-error.js'

export function symbolInput(input: unknown): SymbolOptions {
  try {
    return symbolOptions(input, '') as SymbolOptions
  } catch (err) {
    if (err instanceof ShapeError) throw new ControlParamError(err.path || 'the body', err.problem)
    throw err
  }
}
