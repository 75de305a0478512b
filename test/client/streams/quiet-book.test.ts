// A local order book of a symbol nobody trades: it is in sync from its snapshot alone, at start and after the
// streams connection was lost, and applies the first change that does come.
import { afterEach, describe, expect, it } from 'vitest'
import {
  createOrderBook,
  type OrderBook,
  type OrderBookStatus,
  SpotWebsocketAPI,
  SpotWebsocketStreams,
  type WebsocketAPIConnection,
  type WebsocketStreamsConnection,
} from '../../../src/client/index.js'
import { type Emulator, startEmulator } from '../../../src/emulator/index.js'

let ex: Emulator
let api: WebsocketAPIConnection
let streams: WebsocketStreamsConnection
let book: OrderBook

async function start(): Promise<void> {
  ex = await startEmulator({
    port: 0,
    liquidity: false,
    accounts: [{ apiKey: 'kq', hmacSecret: 'sq', balances: { USDT: '100000', BTC: '10' } }],
  })
  api = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'kq', apiSecret: 'sq' }).connect()
  streams = await new SpotWebsocketStreams({ wsURL: ex.streams.url, reconnectDelay: 10 }).connect()
  book = createOrderBook({ streams, api, symbol: 'BTCUSDT', retryDelay: 5 })
}

afterEach(async () => {
  await book?.close()
  await streams?.disconnect()
  await api?.disconnect()
  await ex?.close()
})

const nextStatus = (b: OrderBook, state: OrderBookStatus['state']) =>
  new Promise<OrderBookStatus>((resolve) => {
    const on = (s: OrderBookStatus) => {
      if (s.state !== state) return
      b.off('status', on)
      resolve(s)
    }
    b.on('status', on)
  })

describe('OrderBook on a quiet symbol', () => {
  it('start() resolves from the snapshot alone, then applies the first change', async () => {
    await start()
    const { lastUpdateId } = (await api.depth({ symbol: 'BTCUSDT' })).data
    await book.start()
    expect(book.isSynced).toBe(true)
    expect(book.updateId).toBe(lastUpdateId)
    expect(book.bids()).toEqual([])
    expect(book.asks()).toEqual([])

    const changed = new Promise((resolve) => book.once('change', resolve))
    const bid = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' } as const
    await api.orderPlace({ ...bid, price: '41000.00', quantity: '0.00200' })
    await changed
    expect(book.bids()).toEqual([['41000.00000000', '0.00200000']])
  })

  it('after the streams connection is lost, syncs again without waiting for a diff event', async () => {
    await start()
    await book.start()
    const lost = nextStatus(book, 'syncing')
    const synced = lost.then(() => nextStatus(book, 'synced'))
    expect(ex.streams.dropStreams()).toBe(1)
    expect(await lost).toMatchObject({ state: 'syncing', reason: 'connection-lost' })
    await synced
    expect(book.isSynced).toBe(true)
    expect(book.bids()).toEqual([])
  })
})
