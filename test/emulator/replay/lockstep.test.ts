// A replay at `max` over real sockets: the lockstep gives a bot that reacts to what it receives the same frames on
// every run; signed requests are accepted within recvWindow of the wall clock or of the data clock; `replay.book`
// shapes the synthesized book.
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { type Emulator, type ReplayOptions, startEmulator } from '../../../src/emulator/index.js'
import { HMAC_SECRET, keyOf, signedParams } from '../../support/keys.js'
import { depthLine, generateTrades, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-lockstep-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
const KEY = keyOf('bot')

/** 400 trades about 100 ms apart (40 s of data), in a published zip. */
const path = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
const generated = generateTrades(400, MARCH_1, 100_000)
writeZip(path, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(generated) })

/** A depth snapshot every second, 3 levels a side around the last trade's price ± 3 cents (alternately). */
const depthPath = join(dir, 'BTCUSDT-depth-2025-03-01.jsonl')
const cents = (c: number) => (c / 100).toFixed(2)
const snapshots: string[] = []
for (let s = 0, i = 0; s < 40; s++) {
  const ms = MARCH_1 / 1000 + s * 1000
  while (i + 1 < generated.length && generated[i + 1]!.time / 1000 <= ms) i++
  const mid = Math.round(Number(generated[i]!.price) * 100) + (s % 2 ? 3 : -3)
  const side = (sign: number): [string, string][] => [1, 2, 3].map((k) => [cents(mid + sign * k), '0.00500'])
  snapshots.push(depthLine(ms, side(-1), side(1)))
}
writeFileSync(depthPath, `${snapshots.join('\n')}\n`)

function emulator(replay: Partial<ReplayOptions> = {}): Promise<Emulator> {
  return startEmulator({
    replay: { files: [path], ...replay },
    accounts: [{ apiKey: 'bot', hmacSecret: HMAC_SECRET, balances: { USDT: '1000000', BTC: '10' } }],
  })
}

/** A WebSocket whose every text frame is kept, in order. */
async function recorded(url: string): Promise<{ ws: WebSocket; frames: string[] }> {
  const ws = new WebSocket(url)
  const frames: string[] = []
  ws.on('message', (data) => frames.push(String(data)))
  await once(ws, 'open')
  return { ws, frames }
}

/** Sends a signed request (timestamp: the wall clock unless given) and resolves with its answer. */
function request(
  api: { ws: WebSocket; frames: string[] },
  id: number,
  method: string,
  params: Record<string, unknown>,
  timestamp = Date.now(),
): Promise<Record<string, unknown>> {
  api.ws.send(JSON.stringify({ id, method, params: signedParams(KEY, params, timestamp) }))
  return new Promise((resolve) => {
    const onMessage = (data: unknown) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>
      if (frame['id'] !== id) return
      api.ws.off('message', onMessage)
      resolve(frame)
    }
    api.ws.on('message', onMessage)
  })
}

/**
 * The scripted bot: subscribes to its user data, then to the trade stream; on every 5th trade it cancels its last
 * order and places a new one a cent from the traded price, alternately BUY and SELL; `reactAfterMs`: each reaction
 * that much real time later. Every frame it received, per socket.
 */
async function runBot(
  replay: Partial<ReplayOptions>,
  reactAfterMs?: number,
): Promise<{ api: string[]; market: string[] }> {
  const ex = await emulator({ waitForClients: 2, quietMs: 20, ...replay })
  try {
    const api = await recorded(ex.url)
    await request(api, 0, 'userDataStream.subscribe.signature', {})
    const market = await recorded(`${ex.streams.url}/ws/btcusdt@trade`)
    let trades = 0
    let id = 1
    /** The bot's decisions depend on the trades it received only: it names its orders itself. */
    const react = (trade: { p: string }, count: number) => {
      const n = count / 5
      if (n > 1) {
        const cancel = { symbol: 'BTCUSDT', origClientOrderId: `bot-${n - 1}` }
        api.ws.send(
          JSON.stringify({ id: id++, method: 'order.cancel', params: signedParams(KEY, cancel, Date.now()) }),
        )
      }
      const buy = n % 2 === 0
      const cents = Math.round(Number(trade.p) * 100) + (buy ? -1 : 1)
      const params = {
        symbol: 'BTCUSDT',
        side: buy ? 'BUY' : 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: (cents / 100).toFixed(2),
        quantity: '0.01000',
        newClientOrderId: `bot-${n}`,
      }
      api.ws.send(
        JSON.stringify({ id: id++, method: 'order.place', params: signedParams(KEY, params, Date.now()) }),
      )
    }
    market.ws.on('message', (data) => {
      const trade = JSON.parse(String(data)) as { p: string }
      const count = ++trades
      if (count % 5 !== 0) return
      if (reactAfterMs === undefined) react(trade, count)
      else setTimeout(() => react(trade, count), reactAfterMs)
    })
    await ex.replay?.done
    // The answers to the last step's requests.
    await new Promise((resolve) => setTimeout(resolve, 200))
    api.ws.close()
    market.ws.close()
    return { api: api.frames, market: market.frames }
  } finally {
    await ex.close()
  }
}

describe('determinism at max', () => {
  it('the same files, options and bot give byte-identical frames, whether the bot reacts at once or 5 ms later', async () => {
    // The second run stands for a slower machine: every reaction of the bot comes 5 ms of real time later.
    const first = await runBot({})
    const second = await runBot({}, 5)
    // The 400 replayed trades, and the bot's own trades.
    expect(first.market.length).toBeGreaterThan(400)
    // The bot traded: history filled some of its orders.
    expect(first.api.some((f) => f.includes('"x":"TRADE"'))).toBe(true)
    expect(first.api.length).toBeGreaterThan(150)
    expect(second.market).toEqual(first.market)
    expect(second.api).toEqual(first.api)
  }, 60_000)

  it('with a depth snapshots file too: byte-identical frames', async () => {
    const first = await runBot({ files: [path, depthPath] })
    const second = await runBot({ files: [path, depthPath] }, 5)
    // Some of the bot's orders were marketable against a snapshot and took its liquidity as taker.
    expect(first.api.some((f) => f.includes('"x":"TRADE"') && f.includes('"m":false'))).toBe(true)
    expect(second.market).toEqual(first.market)
    expect(second.api).toEqual(first.api)
  }, 60_000)
})

describe('timestamps in a replay', () => {
  it('accepts a timestamp within recvWindow of the wall clock or of the data clock; -1021 outside both', async () => {
    const ex = await emulator({ waitForClients: 9 })
    try {
      const api = await recorded(ex.url)
      const wall = await request(api, 1, 'account.status', {})
      expect(wall['status']).toBe(200)
      const data = await request(api, 2, 'account.status', {}, ex.clock.now() - 1000)
      expect(data['status']).toBe(200)
      const neither = await request(api, 3, 'account.status', {}, Date.now() - 3_600_000)
      expect(neither['error']).toEqual({
        code: -1021,
        msg: 'Timestamp for this request is outside of the recvWindow.',
      })
      api.ws.close()
    } finally {
      await ex.close()
    }
  })
})

/** The synthesized book at the end of the replay: [price in cents, quantity] per level, best first. */
async function bookAtEnd(replay: Partial<ReplayOptions>): Promise<{ bids: number[][]; asks: string[][] }> {
  const ex = await emulator(replay)
  try {
    await ex.replay?.done
    const api = await recorded(ex.url)
    const answer = new Promise<Record<string, unknown>>((resolve) => {
      api.ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>))
    })
    api.ws.send(JSON.stringify({ id: 1, method: 'depth', params: { symbol: 'BTCUSDT', limit: 5 } }))
    const { bids, asks } = (await answer)['result'] as { bids: string[][]; asks: string[][] }
    api.ws.close()
    return { bids: bids.map(([p]) => [Math.round(Number(p) * 100)]), asks }
  } finally {
    await ex.close()
  }
}

describe('replay.book', () => {
  it('shapes the synthesized book: levels, offset and step in ticks, quantity per level', async () => {
    const { bids, asks } = await bookAtEnd({
      book: { BTCUSDT: { levels: 3, offsetTicks: 2, stepTicks: 5, qty: '0.25' } },
    })
    expect(asks.map((a) => a[1])).toEqual(['0.25000000', '0.25000000', '0.25000000'])
    const a = asks.map(([p]) => Math.round(Number(p) * 100))
    const b = bids.map(([p]) => p!)
    expect(b).toHaveLength(3)
    expect([a[1]! - a[0]!, a[2]! - a[1]!, b[0]! - b[1]!, b[1]! - b[2]!, a[0]! - b[0]!]).toEqual([
      5, 5, 5, 5, 4,
    ])
  })

  it('by default: 10 levels a tick apart, each the median quantity of the replayed trades', async () => {
    const { bids, asks } = await bookAtEnd({})
    const sorted = generateTrades(400, MARCH_1, 100_000)
      .map((t) => Number(t.qty))
      .sort((x, y) => x - y)
    expect(Number(asks[0]![1])).toBe(sorted[200])
    expect(bids[0]![0]! - bids[1]![0]!).toBe(1)
  })

  it('refuses a book for a symbol not replayed, or a quantity finer than its step', async () => {
    await expect(emulator({ book: { ETHUSDT: {} } })).rejects.toThrow(
      'replay.book.ETHUSDT: no replayed file of ETHUSDT',
    )
    await expect(emulator({ book: { BTCUSDT: { qty: '0.000001' } } })).rejects.toThrow(
      "replay.book.BTCUSDT.qty: '0.000001' is not a decimal of at most 5 places",
    )
  })
})
