// unlockBalance releases only what an external system locked (lockBalance), never what an open order or an order
// list holds: asked for more, it refuses, in-process and over HTTP, and the account cannot spend the same funds twice.
import { describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { balanceOf } from '../../support/account-state.js'
import { controlCall } from '../../support/control-call.js'
import { exchangePerTest, NO_COMMISSION, T0, type TestExchange } from '../../support/exchange.js'
import { limit, pendingMaker, SELL_OCO, workingLimit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const start = exchangePerTest()
const DEPOSITS = { a: { USDT: '1500', BTC: '1' }, c: { USDT: '10000', BTC: '1' } }

const venue = (): Promise<TestExchange> =>
  start({
    clock: T0,
    control: true,
    accounts: Object.entries(DEPOSITS).map(([apiKey, balances]) => ({
      apiKey,
      balances,
      commission: NO_COMMISSION,
    })),
  })

const units = (decimal: string): bigint => BigInt(decimal.replace('.', ''))

/** Σ free + locked of every asset over both accounts equals the deposits (no commission), and nothing is negative. */
async function expectMoneyKept(conns: readonly WebsocketAPIConnection[]): Promise<void> {
  const held = new Map<string, bigint>()
  for (const conn of conns) {
    for (const { asset, free, locked } of (await conn.accountStatus({ omitZeroBalances: true })).data
      .balances) {
      expect([asset, free, locked]).toEqual([
        asset,
        expect.stringMatching(/^\d+\.\d{8}$/),
        expect.stringMatching(/^\d+\.\d{8}$/),
      ])
      held.set(asset, (held.get(asset) ?? 0n) + units(free) + units(locked))
    }
  }
  const deposited = new Map<string, bigint>()
  for (const balances of Object.values(DEPOSITS))
    for (const [asset, amount] of Object.entries(balances))
      deposited.set(asset, (deposited.get(asset) ?? 0n) + units(`${amount}.00000000`))
  expect(Object.fromEntries(held)).toEqual(Object.fromEntries(deposited))
}

const refusal = (asset: string, outside: string, orders: string) =>
  `unlock: a has only ${outside} ${asset} locked beyond its open orders (they hold ${orders})`

describe('unlockBalance and what orders hold', () => {
  it("in-process: refuses an open order's reservation, releases the external lock; the funds are spent once", async () => {
    const k = await venue()
    const [a, c] = await k.connectAll(['a', 'c'])
    await a.orderPlace(limit('BTCUSDT', 'BUY', '50000', '0.02'))
    await a.orderPlace(limit('BTCUSDT', 'SELL', '70000', '0.1'))
    k.ex.lockBalance('a', 'USDT', '200')

    expect(() => k.ex.unlockBalance('a', 'USDT', '200.00000001')).toThrow(
      new RangeError(refusal('USDT', '200.00000000', '1000.00000000')),
    )
    expect(() => k.ex.unlockBalance('a', 'BTC', '0.1')).toThrow(
      new RangeError(refusal('BTC', '0.00000000', '0.10000000')),
    )
    // More than is locked at all keeps its own message.
    expect(() => k.ex.unlockBalance('a', 'USDT', '1200.00000001')).toThrow(
      'has only 1200.00000000 USDT locked',
    )
    expect(await balanceOf(a, 'USDT')).toEqual({ free: '300.00000000', locked: '1200.00000000' })

    k.ex.unlockBalance('a', 'USDT', '200')
    expect(await balanceOf(a, 'USDT')).toEqual({ free: '500.00000000', locked: '1000.00000000' })
    // The order's 1000 is not free a second time.
    expect(await rejection(a.orderPlace(limit('BTCUSDT', 'BUY', '50000', '0.02')))).toMatchObject({
      code: -2010,
    })
    const sold = await c.orderPlace(limit('BTCUSDT', 'SELL', '50000', '0.04'))
    expect(sold.data).toMatchObject({ status: 'PARTIALLY_FILLED', executedQty: '0.02000000' })
    expect(await balanceOf(a, 'USDT')).toEqual({ free: '500.00000000', locked: '0.00000000' })
    await expectMoneyKept([a, c])
  })

  it("counts an OCO pair's lock once and what an OPO holds for its pending order", async () => {
    const k = await venue()
    const [a, c] = await k.connectAll(['a', 'c'])
    await a.orderListPlaceOco(SELL_OCO)
    await a.orderListPlaceOpo({
      ...workingLimit('BTCUSDT', 'BUY', '10000', '0.1'),
      ...pendingMaker('SELL', '62000'),
    })
    // The working BUY receives 0.04 BTC, held for the pending SELL.
    await c.orderPlace({ ...limit('BTCUSDT', 'SELL', '10000', '0.04'), timeInForce: 'IOC' })
    expect(await balanceOf(a, 'BTC')).toEqual({ free: '0.90000000', locked: '0.14000000' })

    expect(() => k.ex.unlockBalance('a', 'BTC', '0.00000001')).toThrow(
      new RangeError(refusal('BTC', '0.00000000', '0.14000000')),
    )
    k.ex.lockBalance('a', 'BTC', '0.5')
    expect(() => k.ex.unlockBalance('a', 'BTC', '0.50000001')).toThrow(
      refusal('BTC', '0.50000000', '0.14000000'),
    )
    k.ex.unlockBalance('a', 'BTC', '0.5')
    expect(await balanceOf(a, 'BTC')).toEqual({ free: '0.90000000', locked: '0.14000000' })
    await expectMoneyKept([a, c])
  })

  it('over HTTP: 400 REJECTED with the same message, nothing changes; a cancel then frees the order once', async () => {
    const k = await venue()
    const [a, c] = await k.connectAll(['a', 'c'])
    await a.orderPlace(limit('BTCUSDT', 'BUY', '50000', '0.02'))
    const answer = await controlCall(k, 'unlockBalance', { apiKey: 'a', asset: 'USDT', amount: '1000' })
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'REJECTED', msg: refusal('USDT', '0.00000000', '1000.00000000') } },
    })
    expect(await balanceOf(a, 'USDT')).toEqual({ free: '500.00000000', locked: '1000.00000000' })
    await a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    expect(await balanceOf(a, 'USDT')).toEqual({ free: '1500.00000000', locked: '0.00000000' })
    await expectMoneyKept([a, c])
  })
})
