// Server ping frames every `pingInterval` and a drop when none is answered within `pongTimeout`.
// Real time, not the emulator clock: a pong can only arrive while real time passes. Each ping carries 8 random
// bytes and only a pong with the payload of an unanswered ping counts: a client that does not read its socket
// cannot answer, and unsolicited pongs do not keep a connection alive (spec/web-socket-api.md, "General API
// Information"; docs/emulator-fidelity.md H1, H6).
import { randomBytes } from 'node:crypto'
import type { WebSocket } from 'ws'

/** Starts pinging `ws`; `onDead` runs once if a ping stays unanswered too long. Returns the stop function. */
export function keepAlive(
  ws: WebSocket,
  settings: { readonly pingInterval: number; readonly pongTimeout: number },
  onDead: () => void,
): () => void {
  /** Unanswered pings: payload (hex) → when sent (performance.now()). */
  const pending = new Map<string, number>()
  let deadline: NodeJS.Timeout | undefined

  const watch = () => {
    if (deadline) clearTimeout(deadline)
    deadline = undefined
    const oldest = pending.values().next()
    if (oldest.done) return
    const wait = Math.max(0, oldest.value + settings.pongTimeout - performance.now())
    deadline = setTimeout(() => {
      stop()
      onDead()
    }, wait)
    deadline.unref()
  }
  const onPong = (data: Buffer) => {
    const sentAt = pending.get(data.toString('hex'))
    if (sentAt === undefined) return
    for (const [payload, at] of pending) if (at <= sentAt) pending.delete(payload)
    watch()
  }
  const ticker = setInterval(() => {
    const payload = randomBytes(8)
    pending.set(payload.toString('hex'), performance.now())
    if (ws.readyState === ws.OPEN) ws.ping(payload)
    if (pending.size === 1) watch()
  }, settings.pingInterval)
  ticker.unref()
  ws.on('pong', onPong)

  function stop(): void {
    clearInterval(ticker)
    if (deadline) clearTimeout(deadline)
    ws.off('pong', onPong)
  }
  return stop
}
