// A journal segment of many resting LIMIT orders of one account, written directly (records of `placeOrder`
// commands as the WebSocket API journals them): a large state without the network time of placing it.
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { segmentName } from '../../../src/emulator/api/persistence/journal-writer.js'
import { encodeRecord } from '../../../src/emulator/api/persistence/record-codec.js'
import type { LimitOptions, SymbolOptions } from '../../../src/emulator/index.js'
import { segmentHead } from './segment-head.js'

const UNLIMITED = 1_000_000_000_000

/** The orders' symbol: BTCUSDT without the count filters, so that one account may rest any number of orders. */
export const RESTING_SYMBOL: SymbolOptions = {
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  referencePrice: '60000',
  filters: [
    { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
    { filterType: 'LOT_SIZE', minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' },
  ],
}

/** No order or weight limit stops the orders. */
export const UNLIMITED_ORDERS: LimitOptions = {
  banAfter: false,
  requestWeight: UNLIMITED,
  ordersPer10Seconds: UNLIMITED,
  ordersPerDay: UNLIMITED,
}

/**
 * Writes segment 0 of `dir` (its meta.json made by a first start): `count` BTCUSDT orders of account 1, `apiKey`,
 * buys from 50 000 down and sells from 70 000 up, none crossing, at times from `t0`, `spacing` ms apart (201 keeps
 * them under the default order rate limits).
 */
export async function writeRestingOrders(
  dir: string,
  count: number,
  apiKey: string,
  t0: number,
  spacing = 1,
): Promise<void> {
  const file = await open(join(dir, segmentName(0)), 'w')
  const batch: Buffer[] = [segmentHead(dir)]
  for (let i = 0; i < count; i++) {
    const buy = i % 2 === 0
    const price = buy ? 50_000 - (i % 5_000) / 100 : 70_000 + (i % 5_000) / 100
    const order = {
      symbol: 'BTCUSDT',
      side: buy ? 'BUY' : 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: price.toFixed(2),
      quantity: '0.001',
      apiKey,
      timestamp: t0 + i * spacing,
    }
    batch.push(
      encodeRecord(
        JSON.stringify({ c: { kind: 'placeOrder', accountId: 1, order, cost: 1 }, t: t0 + i * spacing }),
      ),
    )
    if (batch.length === 10_000) await file.write(Buffer.concat(batch.splice(0)))
  }
  await file.write(Buffer.concat(batch))
  await file.close()
}
