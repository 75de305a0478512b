// The bot of bench:replay: our client over real sockets, on a replay at --speed max, placing a resting order and
// cancelling the previous one at every simulated second it sees on the trade stream (data time, not a real timer).
import { SpotWebsocketAPI, SpotWebsocketStreams } from '../src/client/index.js'
import { startEmulator } from '../src/emulator/index.js'
import { fmt } from './lib/stats.js'

const KEY = 'bench-bot'
const SECRET = 'bench-bot-secret'

export interface BotRun {
  /** Data seconds per real second, from the first trade the bot saw to the end of the data. */
  readonly speed: number
  readonly placed: number
  readonly canceled: number
  readonly errors: number
  readonly detail: string
  readonly coverage: string
}

/** Replays the trades file at `path` (of `trades` trades) with the bot connected; resolves at the end of the data. */
export async function replayBot(path: string, trades: number): Promise<BotRun> {
  const t0 = performance.now()
  const ex = await startEmulator({
    replay: { files: [path], speed: 'max' },
    liquidity: false,
    accounts: [{ apiKey: KEY, hmacSecret: SECRET, balances: { USDT: '10000000', BTC: '100' } }],
  })
  const api = await new SpotWebsocketAPI({ wsURL: ex.url, apiKey: KEY, apiSecret: SECRET }).connect()
  const streams = await new SpotWebsocketStreams({ wsURL: ex.streams.url }).connect()
  let firstData: number | undefined
  let firstReal = 0
  let lastSecond = -1
  let seconds = 0
  let busy = false
  let resting: number | undefined
  let placed = 0
  let canceled = 0
  let errors = 0
  /** Cancels the order placed at the previous second, then places one 10 % under the last trade (it rests). */
  const cycle = async (time: number, price: string) => {
    const at = { timestamp: time, recvWindow: '60000' }
    try {
      if (resting !== undefined) {
        await api.orderCancel({ symbol: 'BTCUSDT', orderId: resting, ...at })
        canceled++
        resting = undefined
      }
      const cents = (BigInt(price.replace('.', '')) * 9n) / 10n / 1_000_000n
      const r = await api.orderPlace({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
        quantity: '0.00100',
        ...at,
      })
      resting = r.data.orderId
      placed++
    } catch {
      errors++
    }
  }
  await streams.subscribe('btcusdt@trade')
  streams.stream('btcusdt@trade').on('message', (e) => {
    if (firstData === undefined) {
      firstData = e.T
      firstReal = performance.now()
    }
    const second = Math.floor(e.T / 1000)
    if (second === lastSecond) return
    lastSecond = second
    seconds++
    if (busy) return
    busy = true
    void cycle(e.T, e.p).finally(() => {
      busy = false
    })
  })
  await ex.replay?.done
  const end = performance.now()
  const p = ex.replay?.progress()
  await streams.disconnect()
  await api.disconnect()
  await ex.close()
  if (!p || p.trades !== trades || firstData === undefined) throw new Error('bench: replay incomplete')
  const dataSeconds = (p.lastTime - firstData) / 1000
  return {
    speed: dataSeconds / ((end - firstReal) / 1000),
    placed,
    canceled,
    errors,
    detail: `wall ${fmt((end - t0) / 1000, 1)} s (start included), ${fmt(dataSeconds)} data s seen`,
    coverage: `${seconds} simulated seconds seen, ${fmt((100 * placed) / Math.max(1, seconds), 1)} % with an order`,
  }
}
