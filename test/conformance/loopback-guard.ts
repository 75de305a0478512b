// Refuses, in this worker, every TCP connection to a host that is not loopback, and records every attempt.
import { isIP, Socket } from 'node:net'

type Connect = (this: Socket, ...args: unknown[]) => Socket

/** Every host a socket tried to connect to since `installLoopbackGuard()`. */
export const attempts: string[] = []

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  if (isIP(h) === 4) return h.startsWith('127.')
  return h.startsWith('::ffff:127.')
}

/** The destination host of a `Socket#connect` call, whichever of its overloads was used. */
function hostOf(args: unknown[]): string | undefined {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0]
  if (first !== null && typeof first === 'object') {
    const o = first as { host?: string; path?: string | null }
    // `node:http`'s agent passes `path: null` for TCP; only a non-empty path is an IPC socket.
    if (o.path) return undefined
    return o.host ?? 'localhost'
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined
  return typeof args[1] === 'string' ? args[1] : 'localhost'
}

let original: Connect | undefined

/** Patches `net.Socket#connect` (which `ws`, `node:http`, `node:https` and `fetch` all use) to throw for non-loopback hosts. */
export function installLoopbackGuard(): void {
  if (original) return
  const connect = Socket.prototype.connect as unknown as Connect
  original = connect
  attempts.length = 0
  const guarded: Connect = function (this: Socket, ...args: unknown[]) {
    const host = hostOf(args)
    if (host !== undefined) {
      attempts.push(host)
      if (!isLoopback(host)) throw new Error(`loopback guard: refused a connection to ${host}`)
    }
    return connect.apply(this, args)
  }
  Socket.prototype.connect = guarded as unknown as typeof Socket.prototype.connect
}

/** Restores `net.Socket#connect`: the worker may run other test files next. */
export function removeLoopbackGuard(): void {
  if (!original) return
  Socket.prototype.connect = original as unknown as typeof Socket.prototype.connect
  original = undefined
}
