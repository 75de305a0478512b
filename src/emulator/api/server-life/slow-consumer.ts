// A client that does not read: once more than `maxUnsentBytes` wait in its socket's buffer, its connection is
// closed with 1008 "Slow consumer" and one log line (docs/emulator-fidelity.md H1). The close frame joins the
// queue and the socket is destroyed at once, so the memory is freed now; a client that does not read never sees
// the code, one that reads late sees its data end.
import type { WebSocket } from 'ws'
import type { Log } from './options.js'

const SLOW_CONSUMER_CODE = 1008
const SLOW_CONSUMER_REASON = 'Slow consumer'

/** Closes `ws` (once) when `unsent` is over `max`; true when it did. */
export function closeIfSlow(ws: WebSocket, unsent: number, max: number, log: Log, who: string): boolean {
  if (unsent <= max || ws.readyState !== ws.OPEN) return false
  log(`${who}: closed 1008 "${SLOW_CONSUMER_REASON}", ${unsent} bytes unsent (maxUnsentBytes ${max})`)
  ws.close(SLOW_CONSUMER_CODE, SLOW_CONSUMER_REASON)
  ws.terminate()
  return true
}
