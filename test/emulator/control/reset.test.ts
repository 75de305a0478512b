// `POST /control/reset`: the exchange goes back to the configuration's initial state — what every account observes
// equals what it observed at the start, accounts added while running are gone, ids and the clock start again — every
// WebSocket connection closes with 1012 first, the market streams publish the new trades, and with a data dir a
// restart (after a clean close, or from a copy taken as the answer arrives) does not bring the old state back.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { openControlEvents } from '../../support/control-events.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { RawStreams } from '../../support/raw-streams.js'
import { TempDirs } from '../../support/temp-dirs.js'
import { observed } from '../persistence/observed.js'

let kit: TestExchange | undefined
const dirs = new TempDirs()

afterEach(async () => {
  await kit?.close()
  kit = undefined
  dirs.removeAll()
})

async function start(dataDir?: string) {
  kit = await startExchange({
    clock: T0,
    control: true,
    liquidity: true,
    legacyListenKey: true,
    accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
    ...(dataDir && { dataDir }),
  })
  return { k: kit, conns: await kit.connectAll(['a', 'b']) }
}

async function control(k: TestExchange, path: string, params: unknown = {}): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${k.ex.port}/control/${path}`, {
    method: 'POST',
    body: JSON.stringify(params),
  })
  const body = (await res.json()) as { result?: unknown; error?: unknown }
  expect(body.error).toBeUndefined()
  return body.result
}

/** Orders that rest and trade, a deposit, an account added, a listen key, the clock moved. */
async function trade(k: TestExchange, [a, b]: readonly WebsocketAPIConnection[]): Promise<void> {
  if (!a || !b) throw new Error('two connections')
  await a.orderPlace(limit('BTCUSDT', 'BUY', '59000', '0.01'))
  await b.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02' })
  await a.orderPlace({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '0.3' })
  await control(k, 'deposit', { apiKey: 'b', asset: 'USDT', amount: '123.45' })
  await control(k, 'addAccount', { apiKey: 'c', hmacSecret: 'c-secret', balances: { BTC: '1' } })
  await control(k, 'clock/advance', { ms: 3_600_000 })
  await b.sendMessage('userDataStream.start', { apiKey: 'b' })
}

const apiKeys = async (k: TestExchange) =>
  ((await k.ex.accounts()) as { apiKey: string }[]).map((a) => a.apiKey)

describe('reset over HTTP', () => {
  it('puts the exchange back as the configuration made it, after closing every connection with 1012', async () => {
    const { k, conns } = await start()
    const initial = await observed(conns)
    await trade(k, conns)
    expect(await observed(conns)).not.toEqual(initial)
    const api = new WebSocket(k.ex.url)
    await once(api, 'open')
    const streams = await RawStreams.open(
      `${k.ex.streams.url}/stream?streams=btcusdt@trade/btcusdt@depth@100ms`,
    )
    const apiClosed = once(api, 'close')
    const streamClosed = once(streams.ws, 'close')

    expect(await control(k, 'reset')).toBeNull()
    expect((await apiClosed)[0]).toBe(1012)
    expect((await streamClosed)[0]).toBe(1012)
    expect(k.ex.clock.now()).toBe(T0)
    expect(await apiKeys(k)).toEqual(['a', 'b'])
    const fresh = await k.connectAll(['a', 'b'])
    expect(await observed(fresh)).toEqual(initial)

    // The streams start again from the fresh books: trade ids from 1, depth diffs of the fresh book.
    const again = await RawStreams.open(
      `${k.ex.streams.url}/stream?streams=btcusdt@trade/btcusdt@depth@100ms`,
    )
    const placed = await fresh[1].orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
    })
    expect(placed.data.fills?.[0]?.tradeId).toBe(1)
    expect(await again.event('trade')).toMatchObject({ data: { t: 1 } })
    await fresh[0].orderPlace(limit('BTCUSDT', 'BUY', '50000', '0.01'))
    k.ex.clock.advance(100) // the end of the 100 ms interval sends the diff
    const diff = (await again.next((f) => JSON.stringify(f).includes('"50000.00'))) as { data: { e: string } }
    expect(diff.data.e).toBe('depthUpdate')
    await again.close()
  })

  it('is not undone by a restart: after a clean close, or from a copy taken as its answer arrives', async () => {
    const dir = dirs.make('bsw-data-')
    const { k, conns } = await start(dir)
    const initial = await observed(conns)
    await trade(k, conns)
    await control(k, 'reset')
    const copy = dirs.copy(dir)
    await k.close()
    kit = undefined
    for (const from of [dir, copy]) {
      const again = await start(from)
      expect(await apiKeys(again.k)).toEqual(['a', 'b'])
      expect(await observed(again.conns)).toEqual(initial)
      await again.k.close()
      kit = undefined
    }
  })
})

describe('reset and the dashboard event stream', () => {
  it('sends no answer logged before the reset after it: the request log starts empty, as GET requests says', async () => {
    const { k } = await start()
    const events = await openControlEvents(`http://127.0.0.1:${k.ex.port}/control/events`)
    await events.next('requests', () => true) // the log as the stream opened
    const stall = k.ex.stallNext({ method: 'time' })
    const raw = await RawClient.open(k.ex.url)
    const time = raw.request('time').catch(() => undefined)
    await stall.arrived
    // Answered and logged, then reset, in one turn: the answer is still waiting for the stream's next batch.
    stall.release()
    const reset = k.ex.reset()
    await events.next('reset', () => true)
    await Promise.all([reset, time, raw.close()])
    await fetch(`http://127.0.0.1:${k.ex.port}/api/v3/ping`)
    const next = await events.next<{ method: string }[]>('requests', () => true)
    expect(next.map((r) => r.method)).toEqual(['ping'])
    events.close()
  })
})
