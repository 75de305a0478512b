// The emulator closing (SIGTERM, `ex.close()`): its WebSockets get a close frame, 1001 "going away", as at a
// Binance restart, not a cut socket (1006 at the client). A client that has not answered within CLOSE_WAIT_MS is
// cut then, so that the close never waits on it.
import { WebSocket } from 'ws'

/** Real ms the clients have to answer the close frame before their sockets are destroyed. */
const CLOSE_WAIT_MS = 1000

/** Reason of the close frame. */
export const CLOSING_REASON = 'emulator closing'

/** Runs `sendCloses` (a close frame to each of `sockets`), waits until they close or the bound passes, cuts the rest. */
export async function closeGoingAway(
  sockets: readonly WebSocket[],
  sendCloses: () => void,
  waitMs = CLOSE_WAIT_MS,
): Promise<void> {
  const open = sockets.filter((ws) => ws.readyState !== WebSocket.CLOSED)
  const closed = Promise.all(open.map((ws) => new Promise((resolve) => ws.once('close', resolve))))
  sendCloses()
  let timer: NodeJS.Timeout | undefined
  await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))])
  clearTimeout(timer)
  for (const ws of open) if (ws.readyState !== WebSocket.CLOSED) ws.terminate()
}
