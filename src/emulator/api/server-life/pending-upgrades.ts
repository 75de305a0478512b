// TCP connections that have not sent their first request yet (the WebSocket upgrade, or an HTTP request): each
// gets `handshakeTimeout` to send it, at most `maxPendingUpgradesPerIp` wait per IP (one more is closed at once)
// and `maxPendingUpgrades` in all (one more closes the oldest). A socket closed here counts as a connection
// attempt of its IP (docs/emulator-fidelity.md H7). Silent sockets therefore cannot use up the process's files.
import type { Socket } from 'node:net'
import type { Log } from './options.js'

interface Pending {
  readonly ip: string
  readonly timer: NodeJS.Timeout
}

export interface PendingLimits {
  readonly handshakeTimeout: number
  readonly maxPendingUpgrades: number
  readonly maxPendingUpgradesPerIp: number
}

export class PendingUpgrades {
  /** In order of arrival: the first is the oldest. */
  private readonly sockets = new Map<Socket, Pending>()
  private readonly perIp = new Map<string, number>()
  /** IPs at their cap, and whether the total cap is reached, since the last log line about it (one line per episode). */
  private readonly atCap = new Set<string>()
  private full = false

  /** `closed(ip)` runs for each socket closed here (it counts the attempt). */
  constructor(
    private readonly limits: PendingLimits,
    private readonly closed: (ip: string) => void,
    private readonly log: Log,
  ) {}

  get size(): number {
    return this.sockets.size
  }

  /** A new TCP connection. */
  opened(socket: Socket): void {
    const ip = socket.remoteAddress ?? 'unknown'
    const n = this.perIp.get(ip) ?? 0
    if (n >= this.limits.maxPendingUpgradesPerIp) {
      if (!this.atCap.has(ip)) {
        this.atCap.add(ip)
        this.log(
          `${ip}: ${n} connections without a request yet (maxPendingUpgradesPerIp); closing its new ones`,
        )
      }
      this.close(socket, ip)
      return
    }
    if (this.sockets.size >= this.limits.maxPendingUpgrades) {
      if (!this.full) {
        this.full = true
        this.log(
          `${this.sockets.size} connections without a request yet (maxPendingUpgrades); closing the oldest`,
        )
      }
      this.drop(this.sockets.keys().next().value as Socket)
    }
    const timer = setTimeout(() => this.drop(socket), this.limits.handshakeTimeout)
    timer.unref()
    this.sockets.set(socket, { ip, timer })
    this.perIp.set(ip, n + 1)
    socket.once('close', () => this.done(socket))
  }

  /** The socket's first request arrived: it is no longer pending. */
  done(socket: Socket): void {
    const p = this.sockets.get(socket)
    if (!p) return
    this.sockets.delete(socket)
    clearTimeout(p.timer)
    const n = (this.perIp.get(p.ip) ?? 1) - 1
    if (n === 0) this.perIp.delete(p.ip)
    else this.perIp.set(p.ip, n)
    // An episode ends when the count is down to half the cap.
    if (n <= this.limits.maxPendingUpgradesPerIp / 2) this.atCap.delete(p.ip)
    if (this.sockets.size <= this.limits.maxPendingUpgrades / 2) this.full = false
  }

  /** Closes every pending socket (server shutdown). */
  clear(): void {
    for (const socket of [...this.sockets.keys()]) {
      this.done(socket)
      socket.destroy()
    }
  }

  private drop(socket: Socket): void {
    const p = this.sockets.get(socket)
    if (!p) return
    this.done(socket)
    this.close(socket, p.ip)
  }

  private close(socket: Socket, ip: string): void {
    socket.destroy()
    this.closed(ip)
  }
}
