// Import first: any TCP connection or name lookup that is not loopback throws (benchmarks never reach Binance).
import dns from 'node:dns'
import net from 'node:net'

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', undefined, ''])

function refuse(host: unknown): never {
  throw new Error(`benchmark refused a non-loopback connection to ${String(host)}`)
}

const lookup = dns.lookup
dns.lookup = ((hostname: string, ...rest: unknown[]) => {
  if (!LOOPBACK.has(hostname)) refuse(hostname)
  return (lookup as (...a: unknown[]) => unknown)(hostname, ...rest)
}) as typeof dns.lookup

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0]
  const o =
    typeof first === 'object' && first !== null ? (first as { host?: string; path?: string }) : undefined
  const host = o ? o.host : typeof args[1] === 'string' ? args[1] : undefined
  if (!o?.path && !LOOPBACK.has(host)) refuse(host)
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
} as typeof connect
