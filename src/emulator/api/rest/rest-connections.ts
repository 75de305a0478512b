// The per-socket `Connection` a REST route keeps: one per keep-alive socket, made at its first request.
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { Connection } from '../connection.js'

/** A lookup of the `Connection` of a request's socket, made on first use with the clock's time then. */
export function restConnections(now: () => number): (req: IncomingMessage) => Connection {
  const connections = new WeakMap<Socket, Connection>()
  return (req) => {
    let c = connections.get(req.socket)
    if (!c) {
      c = new Connection(req.socket.remoteAddress ?? 'unknown', now(), false, () => {})
      connections.set(req.socket, c)
    }
    return c
  }
}
