// The venue's metrics in Prometheus's text format (`ex.metrics()`, `GET /control/metrics`): what a monitoring system
// scrapes. Each count is checked against what the clients saw: their answers, fills and cancels, the data dir's own
// report, an IP ban.
import { afterEach, describe, expect, it } from 'vitest'
import type { StorageInfo } from '../../../src/emulator/index.js'
import { exchangePerTest } from '../../support/exchange.js'
import { type Exposition, parseExposition } from '../../support/prometheus-text.js'
import { TempDirs } from '../../support/temp-dirs.js'

// After-each hooks run last registered first: the emulators close, then their folders go.
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())
const exchange = exchangePerTest()

async function scrape(port: number, headers: Record<string, string> = {}): Promise<Exposition> {
  const answer = await fetch(`http://127.0.0.1:${port}/control/metrics`, { headers })
  expect(answer.status).toBe(200)
  expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
  return parseExposition(await answer.text())
}

const resting = (n: number) =>
  ({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '30000',
    quantity: '0.001',
    newClientOrderId: `rest-${n}`,
  }) as const

describe('metrics', () => {
  it('count the requests, orders, trades and journal batches the clients caused', async () => {
    const dir = dirs.make('bsw-metrics-')
    const kit = await exchange({
      accounts: [{ apiKey: 'a' }],
      control: true,
      limits: { ordersPer10Seconds: 1e9, requestWeight: 1e9 },
      liquidity: true,
      dataDir: dir,
    })
    const [a] = await kit.connectAll(['a'])
    const atStart = kit.ex.storage() as StorageInfo

    const markets = await Promise.all(
      ['BUY', 'SELL', 'BUY', 'SELL', 'BUY'].map((side) =>
        a.orderPlace({
          symbol: 'BTCUSDT',
          side: side as 'BUY',
          type: 'MARKET',
          quantity: '0.002',
          newOrderRespType: 'FULL',
        }),
      ),
    )
    const fills = markets.reduce((n, r) => n + (r.data.fills?.length ?? 0), 0)
    expect(fills).toBeGreaterThan(0)
    const rests = await Promise.all([0, 1, 2].map((n) => a.orderPlace(resting(n))))
    await a.orderCancel({ symbol: 'BTCUSDT', orderId: rests[0]?.data.orderId as number })
    await expect(a.orderPlace({ ...resting(9), quantity: '0.00000001' })).rejects.toThrow()
    expect((await fetch(`http://127.0.0.1:${kit.ex.port}/api/v3/time`)).status).toBe(200)
    const snapshot = await kit.ex.snapshot()

    const m = await scrape(kit.ex.port)
    const requests = (front: string, method: string, status: string) =>
      m.value('binance_emulator_requests_total', { front, method, status })
    expect(requests('WS', 'order.place', '200')).toBe(8)
    expect(requests('WS', 'order.place', '400')).toBe(1)
    expect(requests('WS', 'order.cancel', '200')).toBe(1)
    expect(requests('REST', 'time', '200')).toBe(1)
    expect(
      m.value('binance_emulator_request_processing_seconds_count', { front: 'WS', method: 'order.place' }),
    ).toBe(9)
    expect(m.value('binance_emulator_open_orders', { symbol: 'BTCUSDT' })).toBe(2)
    expect(m.value('binance_emulator_open_orders', { symbol: 'ETHUSDT' })).toBe(0)
    expect(m.value('binance_emulator_trades_total', { symbol: 'BTCUSDT' })).toBe(fills)
    expect(m.value('binance_emulator_connections', { kind: 'api' })).toBe(1)
    expect(m.value('binance_emulator_accounts')).toBe(1)

    const storage = kit.ex.storage() as StorageInfo
    expect(m.value('binance_emulator_journal_records_total')).toBe(storage.records)
    expect(m.value('binance_emulator_journal_durable_records_total')).toBe(storage.durable)
    expect(m.value('binance_emulator_journal_written_bytes_total')).toBe(storage.written.bytes)
    expect(m.value('binance_emulator_journal_batch_records_count')).toBe(storage.written.batches)
    // Every record appended since the writer opened went out in some batch.
    expect(m.value('binance_emulator_journal_batch_records_sum')).toBe(storage.records - atStart.durable)
    expect(m.value('binance_emulator_journal_batch_seconds_count')).toBe(storage.written.batches)
    expect(m.value('binance_emulator_snapshot_records')).toBe(snapshot?.records)
    expect(m.value('binance_emulator_snapshot_seconds_count')).toBe(1)
    expect(m.value('binance_emulator_journal_failed')).toBe(0)
    expect(m.types.get('process_resident_memory_bytes')).toBe('gauge')

    // The in-process call gives the same exposition (its counts do not move between the two reads).
    const again = parseExposition(kit.ex.metrics())
    expect(
      again.value('binance_emulator_requests_total', { front: 'WS', method: 'order.place', status: '200' }),
    ).toBe(8)
  })

  it('count an IP ban', async () => {
    const { ex } = await exchange({ control: true, limits: { requestWeight: 2, banAfter: 1 } })
    const statuses: number[] = []
    // The first request over the limit is a 429; the second bans the address (418, and 418 from then on).
    for (let n = 0; n < 5; n++) statuses.push((await fetch(`http://127.0.0.1:${ex.port}/api/v3/ping`)).status)
    expect(statuses).toEqual([200, 200, 429, 418, 418])
    const m = await scrape(ex.port)
    expect(m.value('binance_emulator_ip_bans_total')).toBe(1)
    const ping = (status: string) =>
      m.value('binance_emulator_requests_total', { front: 'REST', method: 'ping', status })
    expect([ping('200'), ping('429'), ping('418')]).toEqual([2, 1, 2])
  })

  it('without a data dir leave the journal out; without the control API or dashboard, the request counts', async () => {
    const { ex: plain } = await exchange({
      control: true,
      accounts: [{ apiKey: 'a' }, { apiKey: 'b', key: 'hmac' }],
    })
    const m = await scrape(plain.port)
    expect(m.types.has('binance_emulator_journal_records_total')).toBe(false)
    expect(m.value('binance_emulator_accounts')).toBe(2)

    const { ex: bare } = await exchange({})
    const own = parseExposition(bare.metrics())
    expect(own.types.has('binance_emulator_requests_total')).toBe(false)
    expect(own.types.get('binance_emulator_open_orders')).toBe('gauge')
    expect((await fetch(`http://127.0.0.1:${bare.port}/control/metrics`)).status).toBe(404)
  })

  it('follow the control API access rules: the token is required', async () => {
    const token = 'tok-metrics-71'
    const { ex } = await exchange({ ui: true, controlToken: token, accounts: [{ apiKey: 'a' }] })
    const refused = await fetch(`http://127.0.0.1:${ex.port}/control/metrics`)
    expect(refused.status).toBe(401)
    expect(await refused.text()).not.toContain(token)
    const m = await scrape(ex.port, { authorization: `Bearer ${token}` })
    expect(m.value('binance_emulator_accounts')).toBe(1)
  })
})
