// A minimal WebSocket API stub on raw TCP: canned answers, no JSON parsing, one write per read. Never the bottleneck.
import { createHash } from 'node:crypto'
import { createServer, type Socket } from 'node:net'
import { cannedTail, STATIC_TAILS } from './canned.js'

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'

export interface StubServer {
  readonly port: number
  /** `ws://127.0.0.1:<port>/ws-api/v3` */
  readonly url: string
  /** Requests answered so far. */
  readonly answered: () => number
  close(): Promise<void>
}

/** Starts the stub on 127.0.0.1. It answers every text frame; it does not check signatures or params. */
export function startStubServer(port = 0): Promise<StubServer> {
  let answered = 0
  const sockets = new Set<Socket>()
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    let head = ''
    socket.on('data', function onHead(chunk: Buffer) {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.off('data', onHead)
      const rest = Buffer.from(head.slice(end + 4), 'latin1')
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head.slice(0, end))?.[1]
      if (!head.startsWith('GET /ws-api/v3') || !key) {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
        return
      }
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64')
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
      )
      const frames = new FrameReader(socket, (text) => {
        answered++
        return answer(text)
      })
      socket.on('data', (c: Buffer) => frames.push(c))
      if (rest.length) frames.push(rest)
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      const p = typeof address === 'object' && address ? address.port : port
      resolve({
        port: p,
        url: `ws://127.0.0.1:${p}/ws-api/v3`,
        answered: () => answered,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy()
            server.close(() => r())
          }),
      })
    })
  })
}

/** The answer to one request: the canned tail for its method behind its own id (string or number, verbatim). */
function answer(text: string): string {
  let at = text.startsWith('{"id":') ? 6 : text.indexOf('"id":') + 5
  if (at < 5) return fallback(text)
  while (text.charCodeAt(at) === 32) at++
  let end: number
  if (text.charCodeAt(at) === 34) end = text.indexOf('"', at + 1) + 1
  else {
    end = at
    while (end < text.length && text.charCodeAt(end) !== 44 && text.charCodeAt(end) !== 125) end++
  }
  const m = text.indexOf('"method":"')
  if (m < 0 || end <= at) return fallback(text)
  const method = text.slice(m + 10, text.indexOf('"', m + 10))
  return `{"id":${text.slice(at, end)}${STATIC_TAILS.get(method) ?? cannedTail(method)}`
}

function fallback(text: string): string {
  const req = JSON.parse(text) as { id?: unknown; method?: unknown }
  return `{"id":${JSON.stringify(req.id ?? null)}${cannedTail(String(req.method))}`
}

/** Decodes masked client frames; answers text frames and pings; batches all answers of one read into one write. */
class FrameReader {
  private buf: Buffer = Buffer.alloc(0)
  private fragments: Buffer[] = []

  constructor(
    private readonly socket: Socket,
    private readonly onText: (text: string) => string,
  ) {}

  push(chunk: Buffer): void {
    const buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    const out: Buffer[] = []
    let o = 0
    for (;;) {
      if (buf.length - o < 2) break
      const b0 = buf[o]!
      const b1 = buf[o + 1]!
      let len = b1 & 0x7f
      let p = o + 2
      if (len === 126) {
        if (buf.length - o < 4) break
        len = buf.readUInt16BE(o + 2)
        p = o + 4
      } else if (len === 127) {
        if (buf.length - o < 10) break
        len = buf.readUInt32BE(o + 6)
        p = o + 10
      }
      const masked = (b1 & 0x80) !== 0
      const payloadAt = p + (masked ? 4 : 0)
      if (buf.length < payloadAt + len) break
      const payload = buf.subarray(payloadAt, payloadAt + len)
      if (masked) for (let i = 0; i < len; i++) payload[i]! ^= buf[p + (i & 3)]!
      o = payloadAt + len
      const opcode = b0 & 0x0f
      const fin = (b0 & 0x80) !== 0
      if (opcode === 0x8) {
        this.socket.end(frame(0x8, Buffer.from(payload)))
        return
      }
      if (opcode === 0x9) out.push(frame(0xa, Buffer.from(payload)))
      if (opcode === 0x1 || opcode === 0x2 || opcode === 0x0) {
        if (!fin) {
          this.fragments.push(Buffer.from(payload))
          continue
        }
        const whole = this.fragments.length
          ? Buffer.concat([...this.fragments.splice(0), payload]).toString('utf8')
          : payload.toString('utf8')
        out.push(frame(0x1, Buffer.from(this.onText(whole), 'utf8')))
      }
    }
    this.buf = o < buf.length ? Buffer.from(buf.subarray(o)) : Buffer.alloc(0)
    if (out.length === 1) this.socket.write(out[0]!)
    else if (out.length > 1) this.socket.write(Buffer.concat(out))
  }
}

/** An unmasked server frame. */
function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length
  const headLen = n < 126 ? 2 : n < 65536 ? 4 : 10
  const out = Buffer.allocUnsafe(headLen + n)
  out[0] = 0x80 | opcode
  if (n < 126) out[1] = n
  else if (n < 65536) {
    out[1] = 126
    out.writeUInt16BE(n, 2)
  } else {
    out[1] = 127
    out.writeUInt32BE(0, 2)
    out.writeUInt32BE(n, 6)
  }
  payload.copy(out, headLen)
  return out
}
