// After a restart on a data dir, the market data streams go on from the restored tape: a subscriber gets the trades
// and aggregate trades made from then on, never the history again.
import { afterEach, describe, expect, it } from 'vitest'
import { exchangePerTest, T0 } from '../../support/exchange.js'
import { RawStreams } from '../../support/raw-streams.js'
import { TempDirs } from '../../support/temp-dirs.js'

const start = exchangePerTest()
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

const venue = (dataDir: string) =>
  start({ clock: T0, liquidity: true, accounts: [{ apiKey: 'a', key: 'hmac' }], dataDir })

const buy = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' } as const

describe('market data streams after a restart', () => {
  it('send the trades and aggregate trades made after it, not the restored ones', async () => {
    const dir = dirs.make('bsw-data-')
    const first = await venue(dir)
    const a = await first.connect('a')
    for (let i = 0; i < 3; i++) {
      await a.orderPlace(buy)
      first.now += 1000
    }
    const before = (await a.sendMessage<{ a: number }[]>('trades.aggregate', { symbol: 'BTCUSDT' })).data
    expect(before).toHaveLength(3)
    await first.close()

    const again = await venue(dir)
    const streams = await RawStreams.open(
      `${again.ex.streams.url}/stream?streams=btcusdt@aggTrade/btcusdt@trade`,
    )
    try {
      const placed = await (await again.connect('a')).orderPlace(buy)
      const tradeId = placed.data.fills?.[0]?.tradeId
      expect(await streams.event('trade')).toMatchObject({ data: { t: tradeId } })
      expect(await streams.event('aggTrade')).toMatchObject({ data: { a: (before.at(-1)?.a ?? 0) + 1 } })
      // Nothing else came: no restored trade or aggregate was sent again (a flush's frames leave in one write).
      expect(
        streams.frames.filter(
          (f) => JSON.stringify(f).includes('Trade"') || JSON.stringify(f).includes('"e":"trade"'),
        ),
      ).toEqual([])
    } finally {
      await streams.close()
    }
  })
})
