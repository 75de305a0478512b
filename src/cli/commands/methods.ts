// `binance-spot-ws methods [filter]`: the catalogue with security type and weight, or one method's params.

import { parseArgs } from 'node:util'
import { METHOD_BY_NAME, METHOD_BY_WIRE, METHOD_LIST, type MethodSpec } from '../../protocol/methods.js'
import { kindLabel } from '../../protocol/param-kinds.js'
import { HELP_OPTION, parseOrUsage } from '../args.js'
import { describeMethodWeight } from '../catalogue.js'
import type { Command } from '../command.js'
import { out, outErr } from '../output.js'
import { paint, table } from '../style.js'

const HELP = `binance-spot-ws methods [filter] [--json]

Lists every method of the Binance Spot WebSocket API catalogue with its client name,
security type and request weight. With a filter, only methods whose name contains it;
with an exact method name, that method's parameters and their types.

Options:
  --json       print the rows as JSON
  -h, --help   show this help

Examples:
  binance-spot-ws methods
  binance-spot-ws methods ticker
  binance-spot-ws methods order.place
  binance-spot-ws methods --json`

function describe(spec: MethodSpec): string {
  const params = (kinds: MethodSpec['required']) =>
    Object.entries(kinds).map(([name, kind]) => [name, kindLabel(kind)])
  const lines = [
    `${paint('bold', spec.wire)} (client: ${spec.name}) — ${spec.summary}`,
    `    security ${spec.security}, auth ${spec.auth}, weight ${describeMethodWeight(spec)}` +
      (spec.unfilledOrders ? `, unfilled orders +${spec.unfilledOrders}` : ''),
  ]
  const required = params(spec.required)
  const optional = params(spec.optional)
  if (required.length) lines.push('', 'Required:', table(['param', 'type'], required))
  if (optional.length) lines.push('', 'Optional:', table(['param', 'type'], optional))
  for (const group of spec.oneOf) lines.push('', `At least one of: ${group.join(', ')}`)
  return lines.join('\n')
}

/** What `--json` shows of a row (not its summary, result type or REST route). */
const JSON_FIELDS = [
  'wire',
  'name',
  'group',
  'security',
  'auth',
  'weight',
  'successWeight',
  'unfilledOrders',
  'required',
  'optional',
  'oneOf',
] as const satisfies readonly (keyof MethodSpec)[]

function json(spec: MethodSpec) {
  return Object.fromEntries(JSON_FIELDS.map((field) => [field, spec[field]]))
}

export const methodsCommand: Command = {
  name: 'methods',
  summary: 'list the API methods with security type and weight',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseOrUsage(() =>
      parseArgs({
        args: [...args],
        options: { json: { type: 'boolean' }, help: HELP_OPTION },
        allowPositionals: true,
      }),
    )
    if (values.help) {
      out(`${HELP}\n`)
      return 0
    }
    const filter = positionals.join(' ')
    const exact = METHOD_BY_WIRE.get(filter) ?? METHOD_BY_NAME.get(filter)
    const rows = exact
      ? [exact]
      : METHOD_LIST.filter((m) =>
          [m.wire, m.name].some((n) => n.toLowerCase().includes(filter.toLowerCase())),
        )
    if (values.json) {
      out(`${JSON.stringify(exact ? json(exact) : rows.map(json), null, 2)}\n`)
      return 0
    }
    if (exact) {
      out(`${describe(exact)}\n`)
      return 0
    }
    if (!rows.length) {
      outErr(`no method matches '${filter}'\n`)
      return 2
    }
    const cells = rows.map((m) => [m.wire, m.name, m.security, describeMethodWeight(m)])
    out(`${table(['method', 'client name', 'security', 'weight'], cells)}\n`)
    return 0
  },
}
