// Depth snapshots supplied by the user, over real sockets: marketable orders walk the snapshot's levels, the next
// snapshot replaces the book, the replayed trades do not re-centre it, and `replay.impact` keeps the liquidity a user
// took taken until the book is rebuilt (docs/replay.md "Depth snapshots", "Market impact").
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { type Emulator, type ReplayOptions, startEmulator } from '../../../src/emulator/index.js'
import { HMAC_SECRET, keyOf, signedParams } from '../../support/keys.js'
import { depthLine, tradesCsv } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-depth-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const T0 = Date.UTC(2025, 2, 1, 12)
const KEY = keyOf('bot')

type Levels = [string, string][]

const SNAPSHOT_A = {
  bids: [
    ['59999.00', '0.50000'],
    ['59998.00', '1.00000'],
  ] as Levels,
  asks: [
    ['60001.00', '0.20000'],
    ['60002.00', '0.30000'],
    ['60003.00', '1.00000'],
  ] as Levels,
}
const SNAPSHOT_B = {
  bids: [['60009.00', '0.70000']] as Levels,
  asks: [
    ['60010.00', '0.10000'],
    ['60011.00', '0.40000'],
  ] as Levels,
}

const trades = join(dir, 'BTCUSDT-trades-2025-03-01.csv')
writeFileSync(
  trades,
  tradesCsv(
    [0, 1000, 2000].map((ms, i) => ({
      id: 1 + i,
      price: ['60000.00000000', '60000.50000000', '60010.00000000'][i]!,
      qty: '0.01000000',
      time: (T0 + ms) * 1000,
      buyerIsMaker: false,
    })),
  ),
)
const depth = join(dir, 'BTCUSDT-depth-2025-03-01.jsonl')
writeFileSync(
  depth,
  `${depthLine(T0 - 500, SNAPSHOT_A.bids, SNAPSHOT_A.asks)}\n` +
    // A recorded partial book depth stream frame, with the time the recorder added.
    `${JSON.stringify({ stream: 'btcusdt@depth5@100ms', data: { lastUpdateId: 9, ...SNAPSHOT_B }, T: T0 + 1500 })}\n`,
)

async function replayed(replay: Partial<ReplayOptions>): Promise<Emulator> {
  const ex = await startEmulator({
    replay: { files: [trades, depth], ...replay },
    accounts: [{ apiKey: 'bot', hmacSecret: HMAC_SECRET, balances: { USDT: '1000000', BTC: '10' } }],
    commission: { maker: '0', taker: '0' },
  })
  await ex.replay?.done
  return ex
}

/** A WS API connection that sends a request and resolves with its result (or error). */
async function api(ex: Emulator) {
  const ws = new WebSocket(ex.url)
  await once(ws, 'open')
  let id = 0
  const call = (method: string, params: Record<string, unknown>, signed = true) => {
    const n = ++id
    ws.send(
      JSON.stringify({ id: n, method, params: signed ? signedParams(KEY, params, Date.now()) : params }),
    )
    return new Promise<Record<string, unknown>>((resolve) => {
      const onMessage = (data: unknown) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>
        if (frame['id'] !== n) return
        ws.off('message', onMessage)
        resolve(frame)
      }
      ws.on('message', onMessage)
    })
  }
  /** A MARKET order's fills: [price, qty]. */
  const market = async (side: 'BUY' | 'SELL', quantity: string) => {
    const answer = await call('order.place', { symbol: 'BTCUSDT', side, type: 'MARKET', quantity })
    const result = answer['result'] as { fills: { price: string; qty: string }[] }
    return result.fills.map((f) => [f.price, f.qty])
  }
  const book = async () =>
    (await call('depth', { symbol: 'BTCUSDT', limit: 10 }, false))['result'] as { bids: Levels; asks: Levels }
  return { ws, call, market, book }
}

const eight = (levels: Levels) => levels.map(([p, q]) => [`${p}000000`, `${q}000`])

describe('depth snapshots supplied by the user', () => {
  it('a snapshot replaces the synthesized book; replayed trades between snapshots do not re-centre it', async () => {
    // The window ends before the second snapshot: the second trade (60000.50) leaves snapshot A's levels as they are.
    const ex = await replayed({ to: T0 + 1000 })
    try {
      const c = await api(ex)
      expect(await c.book()).toMatchObject({ bids: eight(SNAPSHOT_A.bids), asks: eight(SNAPSHOT_A.asks) })
      c.ws.close()
    } finally {
      await ex.close()
    }
  })

  it('the next snapshot replaces the book whole', async () => {
    const ex = await replayed({})
    try {
      const c = await api(ex)
      expect(await c.book()).toMatchObject({ bids: eight(SNAPSHOT_B.bids), asks: eight(SNAPSHOT_B.asks) })
      expect(await c.market('SELL', '0.80000')).toEqual([['60009.00000000', '0.70000000']])
      c.ws.close()
    } finally {
      await ex.close()
    }
  })

  it.each([
    // Without impact a level taken whole is posted again at once: the second order finds 60001 again.
    [false, '60001.00000000', '0.20000000', '60002.00000000', '0.10000000'],
    // With impact what the first order took stays taken (until the next snapshot).
    [true, '60002.00000000', '0.10000000', '60003.00000000', '0.20000000'],
  ])(
    "a marketable order walks the snapshot's levels, partly taking the last (impact %s)",
    async (impact, ...then) => {
      const ex = await replayed({ to: T0 + 1000, impact })
      try {
        const c = await api(ex)
        expect(await c.market('BUY', '0.40000')).toEqual([
          ['60001.00000000', '0.20000000'],
          ['60002.00000000', '0.20000000'],
        ])
        expect(await c.market('BUY', '0.30000')).toEqual([then.slice(0, 2), then.slice(2)])
        c.ws.close()
      } finally {
        await ex.close()
      }
    },
  )

  it('reads a gzipped depth file (.jsonl.gz)', async () => {
    const gz = join(dir, 'BTCUSDT-depth-2025-03-02.jsonl.gz')
    writeFileSync(gz, gzipSync(`${depthLine(T0 - 500, SNAPSHOT_B.bids, SNAPSHOT_B.asks)}\n`))
    const ex = await startEmulator({ replay: { files: [trades, gz], to: T0 + 1000 } })
    try {
      await ex.replay?.done
      const c = await api(ex)
      expect(await c.book()).toMatchObject({ bids: eight(SNAPSHOT_B.bids), asks: eight(SNAPSHOT_B.asks) })
      c.ws.close()
    } finally {
      await ex.close()
    }
  })
})
