// The REST baseline: a minimal node:http server answering canned JSON (an order, a depth) with Binance's headers,
// reading nothing but the path — what any HTTP front costs before it does any work.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ORDER_FULL } from './canned.js'

const DEPTH = JSON.stringify({
  lastUpdateId: 1027024,
  bids: Array.from({ length: 100 }, (_, i) => [(60000 - i).toFixed(8), '0.50000000']),
  asks: Array.from({ length: 100 }, (_, i) => [(60001 + i).toFixed(8), '0.50000000']),
})
const HEADERS = [
  'Content-Type',
  'application/json;charset=UTF-8',
  'X-MBX-USED-WEIGHT',
  '1',
  'X-MBX-USED-WEIGHT-1M',
  '1',
]
const ORDER_HEADERS = [...HEADERS, 'X-MBX-ORDER-COUNT-10S', '1', 'X-MBX-ORDER-COUNT-1D', '1']

export interface RestStub {
  readonly url: string
  close(): Promise<void>
}

export async function startRestStub(): Promise<RestStub> {
  const server = createServer((req, res) => {
    // Drain a body, if any, before answering, as a keep-alive server must.
    req.resume()
    req.on('end', () => {
      const order = req.url?.startsWith('/api/v3/order') === true
      const body = order ? ORDER_FULL : DEPTH
      res
        .writeHead(200, [
          ...(order ? ORDER_HEADERS : HEADERS),
          'Content-Length',
          String(Buffer.byteLength(body)),
        ])
        .end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
