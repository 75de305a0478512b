// A journal that holds an addSymbol the engine refuses (the control API journaled one before it checked the engine's
// units): the replay refuses it too and leaves nothing of it — no half-listed symbol for the market data streams to
// trip on — and the venue starts, keeps what came after it and trades on.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeRecord } from '../../../src/emulator/api/persistence/record-codec.js'
import { DEFAULT_SYMBOLS, type SymbolOptions } from '../../../src/emulator/index.js'
import type { SymbolFilter } from '../../../src/protocol/results.js'
import { exchangePerTest, T0, type TestExchange } from '../../support/exchange.js'
import { TempDirs } from '../../support/temp-dirs.js'

const start = exchangePerTest()
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

/** A symbol the engine holds: a tick of 2 decimals and a step of 3. */
const GOOD: SymbolOptions = {
  symbol: 'BADUSDT',
  baseAsset: 'BAD',
  quoteAsset: 'USDT',
  referencePrice: '1.00',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000', tickSize: '0.01' },
    { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
  ],
}

function venue(dataDir: string): Promise<TestExchange> {
  return start({
    clock: T0,
    liquidity: true,
    accounts: [{ apiKey: 'k1', key: 'hmac', balances: { USDT: '100000' } }],
    dataDir,
  })
}

/**
 * Turns the journal's addSymbol of BADUSDT into the audit's (a tick of 8 decimals: 11 for price × quantity): every
 * record encoded again, in order, the markers as they were.
 */
function journalBadTick(dir: string): void {
  let found = 0
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
    const bytes = readFileSync(join(dir, name))
    const records: Buffer[] = []
    for (let at = 0; at + 8 <= bytes.length; ) {
      const length = bytes.readUInt32LE(at)
      if (length === 0) break
      let payload = bytes.toString('utf8', at + 8, at + 8 + length)
      if (payload.includes('"kind":"addSymbol"')) {
        const record = JSON.parse(payload) as { c: { symbol: SymbolOptions } }
        const tick = '0.00000001'
        const [, lot] = GOOD.filters as [SymbolFilter, SymbolFilter]
        const bad: SymbolFilter = {
          filterType: 'PRICE_FILTER',
          minPrice: tick,
          maxPrice: '1000',
          tickSize: tick,
        }
        record.c.symbol = { ...record.c.symbol, filters: [bad, lot] }
        payload = JSON.stringify(record)
        found++
      }
      records.push(encodeRecord(payload))
      at += 8 + length
    }
    writeFileSync(join(dir, name), Buffer.concat([...records, Buffer.alloc(4096)]))
  }
  expect(found).toBe(1)
}

describe('a journaled addSymbol the engine refuses', () => {
  it('replays to nothing: the venue starts, lists the configured symbols, keeps the orders after it', async () => {
    const dir = dirs.make('bsw-data-')
    const first = await venue(dir)
    first.ex.addSymbol(GOOD)
    const c = await first.connect('k1')
    const buy = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' } as const
    expect((await c.orderPlace(buy)).data.status).toBe('FILLED')
    // The order's answer came once its record was durable, and the addSymbol's before it.
    const crashed = dirs.copy(dir)
    await first.close()
    journalBadTick(crashed)

    const again = await venue(crashed)
    expect(again.ex.query('exchangeInfo', {}).symbols.map((s) => s.symbol)).toEqual(
      DEFAULT_SYMBOLS.map((s) => s.symbol),
    )
    const c2 = await again.connect('k1')
    expect((await c2.allOrders({ symbol: 'BTCUSDT' })).data).toHaveLength(1)
    expect((await c2.orderPlace(buy)).data.status).toBe('FILLED')
    // The market data flush that follows a change (it met the half-listed symbol) runs, and the venue answers.
    expect((await c2.depth({ symbol: 'BTCUSDT', limit: 1 })).data.bids).toHaveLength(1)
    await again.close()
  })
})
