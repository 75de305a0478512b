// With a data dir, the market data streams and the legacy listen-key streams send a command's frames only once its
// journal record is on disk: while the journal's write (O_DSYNC: it returns once on disk) is held, no trade or executionReport frame of an order
// reaches a stream socket, and a copy of the data dir taken as each frame arrives holds the order.
import { once } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startExchange, type TestExchange, type TestExchangeOptions } from '../../support/exchange.js'
import { fileHandlePrototype } from '../../support/file-handle.js'
import { RawStreams } from '../../support/raw-streams.js'
import { TempDirs } from '../../support/temp-dirs.js'

let dir: string
const kits: TestExchange[] = []
const dirs = new TempDirs()
/** Lets a held write go (a failed test must not leave the journal stuck). */
let releaseHeld = () => {}
beforeEach(() => {
  dir = dirs.make('bsw-data-')
})
afterEach(async () => {
  releaseHeld()
  vi.restoreAllMocks()
  await Promise.all(kits.splice(0).map((k) => k.close()))
  dirs.removeAll()
})

const options = (dataDir: string): TestExchangeOptions => ({
  accounts: [{ apiKey: 'a' }, { apiKey: 'b' }],
  legacyListenKey: true,
  dataDir,
})

async function start(dataDir: string): Promise<TestExchange> {
  const kit = await startExchange(options(dataDir))
  kits.push(kit)
  return kit
}

/** Holds every write of a file handle until `release()`; `called` resolves at the first one held. */
async function holdWrites() {
  const proto = await fileHandlePrototype(dir)
  const original = proto.write
  const released = new Promise<void>((resolve) => {
    releaseHeld = resolve
  })
  let called = () => {}
  const calledOnce = new Promise<void>((resolve) => {
    called = resolve
  })
  vi.spyOn(proto, 'write').mockImplementation(async function (this: unknown, ...args: unknown[]) {
    called()
    await released
    return original.apply(this, args)
  })
  return { called: calledOnce, release: () => releaseHeld() }
}

/** A ping answered: every frame the server wrote before the pong has arrived (one TCP stream, in order). */
async function roundTrip(streams: RawStreams): Promise<void> {
  const pong = once(streams.ws, 'pong')
  streams.ws.ping()
  await pong
}

describe('stream frames behind the journal', () => {
  it('holds trade and executionReport frames until the order is on disk', async () => {
    const kit = await start(dir)
    const [a, b] = await kit.connectAll(['a', 'b'])
    const { listenKey } = (
      await a.sendMessage<{ listenKey: string }>('userDataStream.start', { apiKey: 'a' })
    ).data
    await b.orderPlace({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '60000',
      quantity: '0.01',
    })
    const trades = await RawStreams.open(`${kit.ex.streams.url}/ws/btcusdt@trade`)
    const user = await RawStreams.open(`${kit.ex.streams.url}/ws/${listenKey}`)
    const copyAtArrival = (streams: RawStreams) => {
      let copy: string | undefined
      streams.ws.once('message', () => {
        copy = dirs.copy(dir)
      })
      return () => copy
    }
    const tradeCopy = copyAtArrival(trades)
    const userCopy = copyAtArrival(user)

    const fsync = await holdWrites()
    const placed = a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.01',
      newClientOrderId: 'durable-first',
    })
    await fsync.called
    await Promise.all([roundTrip(trades), roundTrip(user)])
    expect(trades.frames).toEqual([])
    expect(user.frames).toEqual([])

    fsync.release()
    const trade = (await trades.event('trade')) as Record<string, unknown>
    const report = (await user.event('executionReport')) as Record<string, unknown>
    const { data } = await placed
    expect(trade['t']).toBe(data.fills?.[0]?.tradeId)
    expect(report['c']).toBe('durable-first')

    for (const copy of [tradeCopy(), userCopy()]) {
      expect(copy).toBeDefined()
      const again = await start(copy as string)
      const [reader] = await again.connectAll(['a'])
      const status = await reader.orderStatus({ symbol: 'BTCUSDT', origClientOrderId: 'durable-first' })
      expect(status.data).toMatchObject({ orderId: data.orderId, status: 'FILLED' })
    }
    await Promise.all([trades.close(), user.close()])
  })
})
