// Raw TCP clients of the emulator's port that misbehave: a socket that never sends its upgrade, and one that
// upgrades, may send frames, and never reads what comes back.
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'

/** A connected socket from `localAddress` (a 127.x.y.z address) that sends nothing. */
export async function silentSocket(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress })
  socket.on('error', () => {})
  await once(socket, 'connect')
  return socket
}

/** Sends a WebSocket upgrade of `path` and never reads: the answer and every frame after it stay unread. */
export async function nonReader(port: number, path: string, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = await silentSocket(port, localAddress)
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  )
  return socket
}

/** One masked client text frame (RFC 6455 §5.3). */
export function maskedText(text: string): Buffer {
  const payload = Buffer.from(text)
  const n = payload.length
  const head = n < 126 ? 2 : n < 0x10000 ? 4 : 10
  const frame = Buffer.alloc(head + 4 + n)
  frame[0] = 0x81
  if (head === 2) frame[1] = 0x80 | n
  else if (head === 4) {
    frame[1] = 0x80 | 126
    frame.writeUInt16BE(n, 2)
  } else {
    frame[1] = 0x80 | 127
    frame.writeBigUInt64BE(BigInt(n), 2)
  }
  const mask = randomBytes(4)
  mask.copy(frame, head)
  for (let i = 0; i < n; i++) frame[head + 4 + i] = (payload[i] as number) ^ (mask[i & 3] as number)
  return frame
}
