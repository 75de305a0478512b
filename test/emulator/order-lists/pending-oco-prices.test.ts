// The OCO price relationship of an OTOCO/OPOCO's pending pair, checked when the pair starts (docs/emulator-fidelity.md
// 3.6.10): a SELL pair whose LIMIT_MAKER is below the last price is rejected with r=OCO_BAD_PRICES, as a plain OCO
// with the same prices is refused with -2010.
import { describe, expect, it } from 'vitest'
import { balanceOf } from '../../support/account-state.js'
import { perTest, startTraders, T0 } from '../../support/exchange.js'
import { limit, pendingMakerAndStop, workingLimit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const t = perTest(() =>
  startTraders({ clock: T0, account: { balances: { USDT: '100000', BTC: '5' } }, record: true }),
)

/** A working BUY at 58000; the pending SELL pair (LIMIT_MAKER 50000, STOP_LOSS 55000) does not straddle 58000. */
const working = workingLimit('BTCUSDT', 'BUY', '58000.00', '0.10000')
const badPair = pendingMakerAndStop('SELL', '50000.00', '55000.00')

async function fillWorkingAndSettle(orderListId: number, pendingIds: number[]): Promise<void> {
  await t.b.orderPlace(limit('BTCUSDT', 'SELL', '58000.00', '0.10000'))
  await t.eventsA.settle(() => expect(t.eventsA.lists(orderListId).at(-1)?.L).toBe('ALL_DONE'))
  for (const orderId of pendingIds) {
    expect(
      t.eventsA.reports('BTCUSDT', orderId).map((r) => `${r.x} ${r.X} r=${r.r} eR=${r.eR ?? '-'}`),
    ).toEqual(['NEW PENDING_NEW r=NONE eR=-', 'REJECTED REJECTED r=OCO_BAD_PRICES eR=REJECTED'])
  }
  expect(t.eventsA.lists(orderListId).map((l) => `${l.l} ${l.L}`)).toEqual([
    'EXEC_STARTED EXECUTING',
    'EXEC_STARTED EXECUTING',
    'ALL_DONE ALL_DONE',
  ])
  expect((await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  for (const asset of ['BTC', 'USDT'])
    expect(await balanceOf(t.a, asset)).toMatchObject({ locked: '0.00000000' })
}

describe('OTOCO/OPOCO pending pair: OCO price relationship at activation (fidelity 3.6.10)', () => {
  it('OTOCO: a SELL pair that does not straddle the last price at activation is rejected OCO_BAD_PRICES; the list ends ALL_DONE', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '58000.00', '0.00100'))
    await t.a.orderPlace(limit('BTCUSDT', 'BUY', '58000.00', '0.00100'))
    expect(
      await rejection(
        t.a.orderListPlaceOco({
          symbol: 'BTCUSDT',
          side: 'SELL',
          quantity: '0.10000',
          aboveType: 'LIMIT_MAKER',
          abovePrice: '50000.00',
          belowType: 'STOP_LOSS',
          belowStopPrice: '55000.00',
        }),
      ),
    ).toMatchObject({ code: -2010, msg: 'The relationship of the prices for the orders is not correct.' })
    const { data } = await t.a.orderListPlaceOtoco({ ...working, ...badPair, pendingQuantity: '0.10000' })
    expect(data.orderReports.map((o) => ('status' in o ? o.status : ''))).toEqual([
      'NEW',
      'PENDING_NEW',
      'PENDING_NEW',
    ])
    await fillWorkingAndSettle(
      data.orderListId,
      data.orders.slice(1).map((o) => o.orderId),
    )
  })

  it('OPOCO: the same pair is rejected at activation and the base the working BUY received is released', async () => {
    const { data } = await t.a.orderListPlaceOpoco({ ...working, ...badPair })
    await fillWorkingAndSettle(
      data.orderListId,
      data.orders.slice(1).map((o) => o.orderId),
    )
  })
})
