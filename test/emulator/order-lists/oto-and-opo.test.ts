// OTO and OPO lists end to end: the pending order waits as PENDING_NEW and starts when the working order fills,
// expires with it, and an OPO's pending SELL gets the base the working BUY received (docs/emulator-fidelity.md 3.6.x).
import { describe, expect, it } from 'vitest'
import { balanceOf } from '../../support/account-state.js'
import { perTest, startTraders, T0 } from '../../support/exchange.js'
import { limit, pendingLimit, pendingMaker, workingLimit } from '../../support/order-params.js'
import { rejection } from '../../support/rejection.js'

const t = perTest(() =>
  startTraders({ clock: T0, account: { balances: { USDT: '100000', BTC: '5' } }, record: true }),
)

describe('orderList.place.oto', () => {
  const oto = {
    ...workingLimit('BTCUSDT', 'SELL', '60500.00', '0.10000'),
    ...pendingLimit('BUY', '60000.00', '0.10000'),
  } as const

  it('the pending order waits as PENDING_NEW and starts when the working order fills', async () => {
    const { data } = await t.a.orderListPlaceOto(oto)
    expect(data.contingencyType).toBe('OTO')
    const [working, pending] = data.orderReports
    expect(working).toMatchObject({ status: 'NEW', type: 'LIMIT', side: 'SELL' })
    expect(pending).toMatchObject({ status: 'PENDING_NEW', type: 'LIMIT', side: 'BUY', workingTime: -1 })
    const pendingId = pending?.orderId ?? 0
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: pendingId })).data).toMatchObject({
      status: 'PENDING_NEW',
      orderListId: 1,
    })
    expect(await balanceOf(t.a, 'USDT')).toMatchObject({ locked: '0.00000000' })
    t.now += 1000
    await t.b.orderPlace({
      ...limit('BTCUSDT', 'BUY', '60500.00', '0.10000'),
      timeInForce: 'IOC',
    })
    await expect.poll(() => t.eventsA.reports('BTCUSDT', pendingId).some((e) => e.X === 'NEW')).toBe(true)
    const now = (await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: pendingId })).data
    expect(now).toMatchObject({ status: 'NEW', workingTime: T0 + 1000, isWorking: true })
    expect(await balanceOf(t.a, 'USDT')).toMatchObject({ locked: '6000.00000000' })
    const open = await t.a.openOrderListsStatus()
    expect(open.data.map((l) => l.orderListId)).toEqual([1])

    const canceled = await t.a.orderListCancel({
      symbol: 'BTCUSDT',
      orderListId: 1,
      newClientOrderId: 'renamed',
    })
    expect(canceled.data).toMatchObject({ listClientOrderId: 'renamed', listStatusType: 'ALL_DONE' })
    expect(canceled.data.orderReports.map((r) => r.status)).toEqual(['FILLED', 'CANCELED'])
    expect(await balanceOf(t.a, 'USDT')).toMatchObject({ locked: '0.00000000' })
    await expect.poll(() => t.eventsA.lists().at(-1)?.l).toBe('ALL_DONE')
  })

  it('an expired working order expires the pending one (OTO_PHASE_ONE_EXPIRED)', async () => {
    const { data } = await t.a.orderListPlaceOto({ ...oto, workingTimeInForce: 'IOC' })
    const pending = data.orderReports[1]
    expect(data.orderReports[0]?.status).toBe('EXPIRED')
    await expect.poll(() => t.eventsA.reports('BTCUSDT', pending?.orderId ?? 0).at(-1)?.X).toBe('EXPIRED')
    expect(t.eventsA.reports('BTCUSDT', pending?.orderId ?? 0).at(-1)).toMatchObject({
      eR: 'OTO_PHASE_ONE_EXPIRED',
    })
    const lists = await t.a.allOrderLists({ fromId: 1 })
    expect(lists.data).toMatchObject([{ orderListId: 1, listOrderStatus: 'ALL_DONE' }])
  })
})

describe('a working order that fills as it is placed', () => {
  it('answers its fills with the commission it paid, and reports the list EXEC_STARTED once', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.10000'))
    const { data } = await t.a.orderListPlaceOto({
      ...workingLimit('BTCUSDT', 'BUY', '60000.00', '0.10000'),
      ...pendingLimit('SELL', '62000.00', '0.10000'),
    })
    const working = data.orderReports[0] as { status: string; fills: unknown[] }
    expect(working.status).toBe('FILLED')
    const report = await t.eventsA.settle(() => {
      const trade = t.eventsA.reports('BTCUSDT', data.orders[0]?.orderId ?? 0).find((e) => e.x === 'TRADE')
      expect(trade).toBeDefined()
      return trade
    })
    expect(report).toMatchObject({ n: '0.00010000', N: 'BTC' })
    expect(working.fills).toEqual([
      {
        price: '60000.00000000',
        qty: '0.10000000',
        commission: '0.00010000',
        commissionAsset: 'BTC',
        tradeId: 1,
      },
    ])
    const pendingId = data.orders[1]?.orderId ?? 0
    await t.eventsA.settle(() => expect(t.eventsA.reports('BTCUSDT', pendingId).at(-1)?.X).toBe('NEW'))
    // The marker: an order placed after the list, whose events come after every event of the list's placement.
    const marker = await t.a.orderPlace(limit('BTCUSDT', 'BUY', '1000.00', '0.10000'))
    await t.eventsA.settle(() => expect(t.eventsA.reports('BTCUSDT', marker.data.orderId)).toHaveLength(1))
    expect(t.eventsA.lists(data.orderListId).map((e) => e.l)).toEqual(['EXEC_STARTED'])
  })
})

describe('orderList.place.opo', () => {
  it('the pending SELL gets the base the working BUY received; its report has no origQty', async () => {
    const { data } = await t.a.orderListPlaceOpo({
      ...workingLimit('BTCUSDT', 'BUY', '60000.00', '0.10000'),
      ...pendingMaker('SELL', '62000.00'),
    })
    const pending = data.orderReports[1]
    expect(pending).toMatchObject({ status: 'PENDING_NEW', type: 'LIMIT_MAKER' })
    expect(pending).not.toHaveProperty('origQty')
    await t.b.orderPlace({
      ...limit('BTCUSDT', 'SELL', '60000.00', '0.10000'),
      timeInForce: 'IOC',
    })
    const id = pending?.orderId ?? 0
    await expect.poll(() => t.eventsA.reports('BTCUSDT', id).some((e) => e.X === 'NEW')).toBe(true)
    expect((await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: id })).data).toMatchObject({
      status: 'NEW',
      origQty: '0.10000000',
    })
    expect(await balanceOf(t.a, 'BTC')).toMatchObject({ locked: '0.10000000' })
  })

  it('rejects a SELL working order, a BUY pending order and a pendingQuantity', async () => {
    const base = {
      ...workingLimit('BTCUSDT', 'BUY', '60000.00', '0.10000'),
      pendingType: 'MARKET',
      pendingSide: 'SELL',
    } as const
    expect(await rejection(t.a.orderListPlaceOpo({ ...base, workingSide: 'SELL' }))).toMatchObject({
      code: -1222,
    })
    expect(await rejection(t.a.orderListPlaceOpo({ ...base, pendingSide: 'BUY' }))).toMatchObject({
      code: -1223,
    })
    // Not in the catalogue: the typed call refuses it before sending, the raw path sends it as it is.
    const withQty = { ...base, pendingQuantity: '0.1' }
    expect(await rejection(t.a.sendSignedMessage('orderList.place.opo', withQty))).toMatchObject({
      code: -1225,
      msg: "Pending orders should not include the 'pendingQuantity' tag.",
    })
    const { workingTimeInForce: _, ...noTif } = base
    expect(await rejection(t.a.orderListPlaceOpo(noTif))).toMatchObject({
      code: -1224,
      msg: "Working order must include the 'workingTimeInForce' tag.",
    })
  })
})
