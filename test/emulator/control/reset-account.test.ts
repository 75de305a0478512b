// resetAccount: one account of a shared venue starts over while the others go on. Its open orders expire as the
// exchange cancels them, external locks are released, its balances become the initial ones (or those given), with
// the user data events; its history stays; with a data dir a restart keeps the result.
import { afterEach, describe, expect, it } from 'vitest'
import type { ExecutionReport } from '../../../src/protocol/events.js'
import { controlCall } from '../../support/control-call.js'
import { exchangePerTest, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { TempDirs } from '../../support/temp-dirs.js'
import { recordEvents } from '../../support/user-events.js'

const start = exchangePerTest()
const dirs = new TempDirs()
afterEach(() => dirs.removeAll())

const venue = (dataDir?: string): Promise<TestExchange> =>
  start({
    clock: T0,
    control: true,
    liquidity: true,
    accounts: [
      { apiKey: 'a', balances: { USDT: '10000', BTC: '1' } },
      { apiKey: 'b', balances: { USDT: '5000' } },
    ],
    ...(dataDir && { dataDir }),
  })

/** Account `a` trades, rests an order and an OCO, gets a deposit and an external lock; `b` rests an order. */
async function busy(k: TestExchange) {
  const [a, b] = await k.connectAll(['a', 'b'])
  await a.orderPlace({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' })
  const resting = await a.orderPlace(limit('BTCUSDT', 'BUY', '50000', '0.02'))
  await a.orderListPlaceOco({
    symbol: 'BTCUSDT',
    side: 'SELL',
    quantity: '0.1',
    aboveType: 'LIMIT_MAKER',
    abovePrice: '70000',
    belowType: 'STOP_LOSS',
    belowStopPrice: '40000',
  })
  k.ex.deposit('a', 'ETH', '2')
  k.ex.lockBalance('a', 'USDT', '100')
  await b.orderPlace(limit('BTCUSDT', 'BUY', '45000', '0.01'))
  return { a, b, resting: resting.data.orderId }
}

describe('resetAccount', () => {
  it("starts one account over with its events, leaving the other's orders and its own history", async () => {
    const k = await venue()
    const { a, b, resting } = await busy(k)
    const events = await recordEvents(a)
    const trades = (await a.sendSignedMessage('myTrades', { symbol: 'BTCUSDT' })).data

    const answer = await controlCall(k, 'resetAccount', { apiKey: 'a' })
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      result: { expired: 3, balances: { USDT: '10000.00000000', BTC: '1.00000000', ETH: '0.00000000' } },
    })
    expect((await a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    expect((await a.sendSignedMessage('openOrderLists.status', {})).data).toEqual([])
    expect((await a.accountStatus({ omitZeroBalances: true })).data.balances).toEqual([
      { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '10000.00000000', locked: '0.00000000' },
    ])
    expect((await a.sendSignedMessage('myTrades', { symbol: 'BTCUSDT' })).data).toEqual(trades)
    expect((await a.orderStatus({ symbol: 'BTCUSDT', orderId: resting })).data).toMatchObject({
      status: 'EXPIRED',
      expiryReason: 'EXCHANGE_CANCELED',
    })
    expect((await b.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toHaveLength(1)

    await events.settle(() => {
      const expired = events.events.filter((e): e is ExecutionReport => e.e === 'executionReport')
      expect(expired.map((e) => e.X)).toEqual(['EXPIRED', 'EXPIRED', 'EXPIRED'])
      const moves = events.events.filter((e) => e.e === 'balanceUpdate' || e.e === 'externalLockUpdate')
      expect(moves.map((e) => [e.e, e.a, e.d])).toEqual([
        ['externalLockUpdate', 'USDT', '-100.00000000'],
        ['balanceUpdate', 'USDT', expect.any(String)],
        ['balanceUpdate', 'BTC', '-0.00999000'],
        ['balanceUpdate', 'ETH', '-2.00000000'],
      ])
    })
  })

  it('sets the balances given, and refuses an unknown key or a bad amount, changing nothing', async () => {
    const k = await venue()
    const { a } = await busy(k)
    const refused = [
      await controlCall(k, 'resetAccount', { apiKey: 'nobody' }),
      await controlCall(k, 'resetAccount', { apiKey: 'a', balances: { USDT: 5 } }),
      await controlCall(k, 'resetAccount', { apiKey: 'a', balances: { USDT: '1.123456789' } }),
    ]
    expect(refused.map((r) => [r.status, r.body.error?.code, r.body.error?.msg.split(':')[0]])).toEqual([
      [400, 'REJECTED', "no account has the API key 'nobody'"],
      [400, 'INVALID_PARAM', 'balances.USDT'],
      [400, 'INVALID_PARAM', 'balances.USDT'],
    ])
    expect((await a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toHaveLength(3)

    expect(k.ex.resetAccount('a', { balances: { USDT: '500', BNB: '3' } })).toEqual({
      expired: 3,
      balances: { USDT: '500.00000000', BTC: '0.00000000', ETH: '0.00000000', BNB: '3.00000000' },
    })
    expect((await a.accountStatus({ omitZeroBalances: true })).data.balances).toEqual([
      { asset: 'BNB', free: '3.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '500.00000000', locked: '0.00000000' },
    ])
  })

  it('is kept by a restart from the journal alone, copied as its answer arrives', async () => {
    const dir = dirs.make('bsw-data-')
    const k = await venue(dir)
    await busy(k)
    // Answered over HTTP once its records are on disk: a crash right after the answer keeps it.
    expect((await controlCall(k, 'resetAccount', { apiKey: 'a' })).status).toBe(200)
    const copy = dirs.copy(dir)
    const again = await venue(copy)
    const [a, b] = await again.connectAll(['a', 'b'])
    expect((await a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
    expect((await a.accountStatus({ omitZeroBalances: true })).data.balances).toEqual([
      { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '10000.00000000', locked: '0.00000000' },
    ])
    expect((await b.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toHaveLength(1)
  })
})
