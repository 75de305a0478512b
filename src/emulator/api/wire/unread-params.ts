// Params the method does not read (a misspelt `newOrderRespTyp`): -1104 with the counts, on both fronts
// (docs/emulator-fidelity.md R5).
import type { MethodSpec } from '../../../protocol/methods.js'
import { fail } from '../../exchange/api-failure.js'

/** Which front a request came by: the names it may send besides the row's differ. */
export type Front = 'ws' | 'rest'

/** The names each front reads besides the row's params, by how the method authenticates. */
const AUTH_NAMES: Record<Front, Record<MethodSpec['auth'], readonly string[]>> = {
  // A key and a signature are read on any method: the `binance` package signs even `userDataStream.unsubscribe`.
  ws: {
    NONE: ['apiKey', 'signature'],
    SESSION: ['apiKey', 'signature'],
    API_KEY: ['apiKey', 'signature'],
    SIGNED: ['apiKey', 'signature', 'timestamp'],
  },
  // The key travels in the X-MBX-APIKEY header; `returnRateLimits` is a WebSocket API param only.
  rest: { NONE: [], SESSION: [], API_KEY: [], SIGNED: ['signature', 'timestamp'] },
}

/** Names outside a row that its handler reads only to refuse them with their own error (-1225). */
const READ_TO_REFUSE: Partial<Record<MethodSpec['wire'], readonly string[]>> = {
  'orderList.place.opo': ['pendingQuantity'],
  'orderList.place.opoco': ['pendingQuantity'],
}

const READ: Record<Front, WeakMap<MethodSpec, ReadonlySet<string>>> = {
  ws: new WeakMap(),
  rest: new WeakMap(),
}

function readNames(spec: MethodSpec, front: Front): ReadonlySet<string> {
  let names = READ[front].get(spec)
  if (!names) {
    names = new Set([
      ...Object.keys(spec.required),
      ...Object.keys(spec.optional),
      ...AUTH_NAMES[front][spec.auth],
      ...(READ_TO_REFUSE[spec.wire] ?? []),
      ...(front === 'ws' ? ['returnRateLimits'] : []),
    ])
    READ[front].set(spec, names)
  }
  return names
}

/** Throws -1104 "Not all sent parameters were read; read 'n' parameter(s) but was sent 'm'." for unread names. */
export function checkAllRead(spec: MethodSpec, raw: Readonly<Record<string, unknown>>, front: Front): void {
  const names = readNames(spec, front)
  let sent = 0
  let read = 0
  for (const name in raw) {
    sent++
    if (names.has(name)) read++
  }
  if (read < sent) fail('UNREAD_PARAMETERS_COUNT', read, sent)
}
