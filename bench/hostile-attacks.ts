// Child-process entry of bench:hostile: runs one attack on the emulator at `port` for `ms`, from addresses
// 127.0.<n>.x (each attack its own), then reports what it did over IPC and exits. Every loop is bounded.
// The measured window opens when the attack sends `measuring` (after its preparation, e.g. building a book).
import './lib/loopback-only.js'
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { WebSocket } from 'ws'
import { createSigner, signaturePayload } from '../src/protocol/signing.js'
import { periodicStreamNames } from '../test/support/periodic-streams.js'
import { maskedText, nonReader, silentSocket } from '../test/support/raw-socket.js'

const [name = '', portText = '0', msText = '5000'] = process.argv.slice(2)
const port = Number(portText)
let until = Number.POSITIVE_INFINITY
const streams = `ws://127.0.0.1:${port}`
const held: { destroy(): void }[] = []
const ip = (net: number, host: number) => `127.0.${net}.${1 + (host % 250)}`
const running = () => performance.now() < until
/** Opens the measured window of `ms`. */
function measuring(): void {
  until = performance.now() + Number(msText)
  process.send?.({ type: 'measuring' })
}

const REALTIME = ['btcusdt', 'ethusdt'].flatMap((s) =>
  ['trade', 'aggTrade', 'bookTicker', 'depth@100ms', 'depth'].map((k) => `${s}@${k}`),
)

const signer = createSigner({ apiSecret: 's' })
/** A signed order.place frame of account k<n>. */
function orderFrame(id: number, account: number, order: Record<string, unknown>): string {
  const params: Record<string, unknown> = { ...order, apiKey: `k${account}`, timestamp: Date.now() }
  params['signature'] = signer.sign(signaturePayload(params))
  return JSON.stringify({ id, method: 'order.place', params })
}

async function open(url: string, localAddress: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { localAddress })
  ws.on('error', () => {})
  await once(ws, 'open')
  return ws
}

/** Trades BTCUSDT with MARKET orders so the real-time streams have something to say. */
async function trade(net: number): Promise<number> {
  const ws = await open(`${streams}/ws-api/v3`, ip(net, 250))
  let n = 0
  while (running() && ws.readyState === WebSocket.OPEN) {
    const side = n % 2 ? 'BUY' : 'SELL'
    ws.send(orderFrame(n++, n % 200, { symbol: 'BTCUSDT', side, type: 'MARKET', quantity: '0.00100' }))
    await sleep(20)
  }
  ws.terminate()
  return n
}

/** Attacks that prepare before their measured window and open it themselves. */
const PREPARED = new Set(['depth-book'])

const ATTACKS: Record<string, () => Promise<Record<string, number>>> = {
  /** 50 stream connections on every stream of every symbol that never read. */
  async 'slow-stream-readers'() {
    const path = `/stream?streams=${[...periodicStreamNames(), ...REALTIME].join('/')}`
    for (let i = 0; i < 50; i++) held.push(await nonReader(port, path, ip(11, i)))
    return { connections: 50, orders: await trade(11) }
  },
  /** 20 API connections that pipeline exchangeInfo and never read. */
  async 'slow-api-readers'() {
    const sockets: Socket[] = []
    for (let i = 0; i < 20; i++) sockets.push(await nonReader(port, '/ws-api/v3', ip(12, i)))
    held.push(...sockets)
    const batch = Buffer.concat(
      Array.from({ length: 20 }, () => maskedText('{"id":1,"method":"exchangeInfo"}')),
    )
    let sent = 0
    while (running()) {
      for (const s of sockets) if (!s.destroyed && s.writableLength < 1 << 20) s.write(batch)
      sent += 20 * sockets.length
      await sleep(10)
    }
    return { connections: 20, requests: sent }
  },
  /** Messages over 1 MiB and SUBSCRIBEs of 50,000 names, on fresh stream connections. */
  async 'huge-messages'() {
    const names = JSON.stringify({
      method: 'SUBSCRIBE',
      params: Array.from({ length: 50_000 }, (_, i) => `btcusdt@t${i}`),
      id: 1,
    })
    let sent = 0
    for (let i = 0; running() && i < 400; i++) {
      const ws = await open(`${streams}/ws`, ip(13, i))
      ws.send(i % 2 ? names : 'x'.repeat((1 << 20) + 1))
      sent++
      if (i % 2) await once(ws, 'message')
      ws.terminate()
    }
    return { messages: sent }
  },
  /** As many upgrade attempts on /ws from one IP as the time allows (at most 20,000), 50 at a time. */
  async 'connection-flood'() {
    let accepted = 0
    let refused = 0
    const one = () =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(`${streams}/ws`, { localAddress: ip(14, 1) })
        ws.on('open', () => {
          accepted++
          held.push({ destroy: () => ws.terminate() })
          resolve()
        })
        ws.on('error', () => {
          refused++
          resolve()
        })
      })
    while (running() && accepted + refused < 20_000) await Promise.all(Array.from({ length: 50 }, one))
    return { accepted, refused }
  },
  /** A book of 20,000 bid levels and 10 @depth subscribers (built before the window), then MARKET orders. */
  async 'depth-book'() {
    const ws = await open(`${streams}/ws-api/v3`, ip(15, 1))
    let answered = 0
    ws.on('message', () => answered++)
    let sent = 0
    for (let i = 0; i < 20_000; i++) {
      const price = (40_000 - i / 100).toFixed(2)
      ws.send(
        orderFrame(sent++, Math.floor(i / 200), {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          price,
          quantity: '0.00020',
        }),
      )
      if (sent % 1000 === 0) while (answered < sent - 200 && ws.readyState === WebSocket.OPEN) await sleep(5)
    }
    for (let i = 0; i < 10; i++) {
      const l = await open(`${streams}/ws/btcusdt@depth@100ms`, ip(15, 10 + i))
      held.push({ destroy: () => l.terminate() })
    }
    measuring()
    const placed = await trade(15)
    ws.terminate()
    return { levels: 20_000, orders: placed }
  },
  /** 100 stream connections each sending 50 control messages at once (closed at the 6th). */
  async 'message-flood'() {
    let sent = 0
    for (let round = 0; running() && round < 20; round++) {
      const conns = await Promise.all(
        Array.from({ length: 100 }, (_, i) => open(`${streams}/ws`, ip(16, round * 100 + i))),
      )
      for (const c of conns) for (let k = 0; k < 50; k++) c.send(`{"method":"LIST_SUBSCRIPTIONS","id":${k}}`)
      sent += 5000
      await Promise.all(conns.map((c) => (c.readyState === WebSocket.CLOSED ? undefined : once(c, 'close'))))
    }
    return { messages: sent }
  },
  /** 1,100 TCP connections that never send their upgrade, from 22 addresses. */
  async 'silent-sockets'() {
    let opened = 0
    let closed = 0
    for (let i = 0; i < 1100; i++) {
      const s = await silentSocket(port, ip(17, i % 22))
      s.on('close', () => closed++)
      held.push(s)
      opened++
    }
    while (running()) await sleep(50)
    return { opened, closedByServer: closed }
  },
}

const attack = ATTACKS[name]
if (!attack) throw new Error(`unknown attack ${name}; attacks: ${Object.keys(ATTACKS).join(', ')}`)
if (!PREPARED.has(name)) measuring()
const result = await attack()
while (running()) await sleep(50)
for (const h of held) h.destroy()
process.send?.({ type: 'done', result })
process.exit(0)
