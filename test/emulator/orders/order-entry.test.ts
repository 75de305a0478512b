// docs/emulator-fidelity.md 3.2 end to end: param rules, enums, strategy fields, client order ids,
// the default STP mode, "Price * QTY", precision, and the GTC rules of §3.4.4.
import { describe, expect, it } from 'vitest'
import type { ExecutionReport } from '../../../src/protocol/events.js'
import { perFile, startTraders } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { rejected, rejection } from '../../support/rejection.js'
import { LIMIT_ONLY, NO_FEATURES, STP_DEFAULT, ZERO_PRICE } from '../../support/symbols.js'

const t = perFile(() => startTraders({ extraSymbols: [NO_FEATURES, LIMIT_ONLY, STP_DEFAULT, ZERO_PRICE] }))

/** Values outside the typed enums: the typed calls refuse them before sending, the raw path sends them as they are. */
const signed = (method: string, params: Record<string, unknown>) => t.a.sendSignedMessage(method, params)
const unsigned = (method: string, params: Record<string, unknown>) => t.a.sendMessage(method, params)

describe('order params (fidelity 3.2.1, 3.2.2, 3.2.13)', () => {
  const mandatory = (name: string) => ({
    code: -1102,
    msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
    status: 400,
  })
  const notRequired = (name: string) => ({
    code: -1106,
    msg: `Parameter '${name}' sent when not required.`,
    status: 400,
  })
  const tif = { code: -1114, msg: 'TimeInForce parameter sent when not required.', status: 400 }

  it('-1102 for missing params, -1106 for unneeded ones, -1114 for an unneeded timeInForce', async () => {
    const base = { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01000' } as const
    const cases: [Record<string, unknown>, object][] = [
      [{ ...base, type: 'LIMIT', timeInForce: 'GTC' }, mandatory('price')],
      [{ ...base, type: 'LIMIT', price: '61000.00' }, mandatory('timeInForce')],
      [
        { ...base, type: 'STOP_LOSS' },
        { code: -1102, msg: "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!" },
      ],
      [
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET' },
        { code: -1102, msg: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!" },
      ],
      [{ ...base, type: 'MARKET', price: '61000.00' }, notRequired('price')],
      [{ ...base, type: 'MARKET', quoteOrderQty: '100.00' }, notRequired('quoteOrderQty')],
      [
        { ...base, type: 'LIMIT', timeInForce: 'GTC', price: '61000.00', stopPrice: '60500.00' },
        notRequired('stopPrice'),
      ],
      [{ ...base, type: 'LIMIT_MAKER', price: '61000.00', trailingDelta: 100 }, notRequired('trailingDelta')],
      [{ ...base, type: 'STOP_LOSS', stopPrice: '59000.00', price: '58000.00' }, notRequired('price')],
      [{ ...base, type: 'MARKET', timeInForce: 'GTC' }, tif],
      [{ ...base, type: 'LIMIT_MAKER', price: '61000.00', timeInForce: 'GTC' }, tif],
      [{ ...base, type: 'STOP_LOSS', stopPrice: '59000.00', timeInForce: 'GTC' }, tif],
    ]
    for (const [params, error] of cases) {
      expect(await rejection(t.a.orderPlace(params as never)), JSON.stringify(params)).toMatchObject(error)
      expect(await rejection(t.a.orderTest(params as never)), JSON.stringify(params)).toMatchObject(error)
    }
    expect((await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })

  it('enum errors: -1117, -1116, -1115, -1210, -1211, -1145, -1122, -1139, -1120, -1121', async () => {
    const order = limit('BTCUSDT', 'BUY', '59000.00', '0.01000')
    const expectError = async (p: Promise<unknown>, code: number, msg: string) =>
      expect(await rejection(p), msg).toMatchObject({ code, msg, status: 400 })
    await expectError(signed('order.place', { ...order, side: 'HOLD' }), -1117, 'Invalid side.')
    await expectError(signed('order.place', { ...order, type: 'LIMITED' }), -1116, 'Invalid orderType.')
    await expectError(signed('order.place', { ...order, timeInForce: 'GTX' }), -1115, 'Invalid timeInForce.')
    await expectError(
      signed('order.place', { ...order, pegPriceType: 'MID_PEG' }),
      -1210,
      'Invalid pegPriceType.',
    )
    await expectError(
      signed('order.place', {
        ...order,
        pegPriceType: 'PRIMARY_PEG',
        pegOffsetType: 'TICKS',
        pegOffsetValue: 1,
      }),
      -1211,
      'Invalid pegOffsetType.',
    )
    await expectError(
      signed('order.cancel', { symbol: 'BTCUSDT', orderId: 1, cancelRestrictions: 'ONLY_FILLED' }),
      -1145,
      'Invalid cancelRestrictions',
    )
    await expectError(
      unsigned('ticker.price', { symbol: 'BTCUSDT', symbolStatus: 'OPEN' }),
      -1122,
      'Invalid symbolStatus.',
    )
    await expectError(
      unsigned('ticker.24hr', { symbol: 'BTCUSDT', type: 'BIG' }),
      -1139,
      'Invalid ticker type.',
    )
    await expectError(unsigned('klines', { symbol: 'BTCUSDT', interval: '7m' }), -1120, 'Invalid interval.')
    await expectError(t.a.orderPlace({ ...order, symbol: 'NOPEUSDT' }), -1121, 'Invalid symbol.')
    expect((await t.a.openOrdersStatus({ symbol: 'BTCUSDT' })).data).toEqual([])
  })

  it('more than 8 decimals in an order decimal is -1111 naming the param', async () => {
    const order = limit('BTCUSDT', 'BUY', '59000.00', '0.01000')
    for (const [name, params] of [
      ['price', { ...order, price: '59000.000000001' }],
      ['quantity', { ...order, quantity: '0.010000001' }],
      ['icebergQty', { ...order, icebergQty: '0.001000001' }],
    ] as const) {
      expect(await rejection(t.a.orderPlace(params)), name).toMatchObject({
        code: -1111,
        msg: `Parameter '${name}' has too much precision.`,
        status: 400,
      })
    }
    const ok = await t.a.orderPlace({ ...order, price: '59000.00000000', quantity: '0.01000000' })
    expect(ok.data).toMatchObject({ status: 'NEW', price: '59000.00000000' })
    await t.a.orderCancel({ symbol: 'BTCUSDT', orderId: ok.data.orderId })
  })
})

describe('strategy fields and client order ids (fidelity 3.2.3, 3.2.4, A40)', () => {
  it('strategyType below 1000000 is -1134; strategyId/strategyType are echoed, in j/J too, only when sent', async () => {
    const order = limit('BTCUSDT', 'BUY', '59000.00', '0.01000')
    expect(await rejection(t.a.orderPlace({ ...order, strategyType: 999999 }))).toMatchObject({
      code: -1134,
      msg: 'strategyType was less than 1000000.',
      status: 400,
    })
    const { stream } = await t.a.userDataStreamSubscribe()
    const reports: ExecutionReport[] = []
    stream.on('executionReport', (e) => reports.push(e))
    const withStrategy = await t.a.orderPlace({
      ...order,
      strategyId: 37463720,
      strategyType: 1000000,
      newOrderRespType: 'RESULT',
    })
    expect(Object.keys(withStrategy.data).slice(-5)).toEqual([
      'side',
      'strategyId',
      'strategyType',
      'workingTime',
      'selfTradePreventionMode',
    ])
    expect(withStrategy.data).toMatchObject({ strategyId: 37463720, strategyType: 1000000 })
    const status = await t.a.orderStatus({ symbol: 'BTCUSDT', orderId: withStrategy.data.orderId })
    expect(Object.keys(status.data).slice(-4)).toEqual([
      'origQuoteOrderQty',
      'strategyId',
      'strategyType',
      'selfTradePreventionMode',
    ])
    const plain = await t.a.orderPlace({ ...order, newOrderRespType: 'RESULT' })
    expect(plain.data).not.toHaveProperty('strategyId')
    expect(plain.data).not.toHaveProperty('strategyType')
    await expect.poll(() => reports.length).toBe(2)
    expect(reports[0]).toMatchObject({ i: withStrategy.data.orderId, j: 37463720, J: 1000000 })
    expect(reports[1]?.i).toBe(plain.data.orderId)
    expect(reports[1]).not.toHaveProperty('j')
    expect(reports[1]).not.toHaveProperty('J')
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.a.userDataStreamUnsubscribe()
  })

  it('an empty newClientOrderId is -1118, a bad one -1100; generated ids are 22 base62 characters', async () => {
    const order = limit('BTCUSDT', 'BUY', '59000.00', '0.01000')
    // The typed call refuses an empty id before sending; the raw path sends it as it is.
    expect(
      await rejection(t.a.sendSignedMessage('order.place', { ...order, newClientOrderId: '' })),
    ).toMatchObject({
      code: -1118,
      msg: 'New client order ID was empty.',
      status: 400,
    })
    for (const id of ['bad id', 'x'.repeat(37), 'émoji']) {
      expect(await rejection(t.a.orderPlace({ ...order, newClientOrderId: id })), id).toMatchObject({
        code: -1100,
        msg: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.",
        status: 400,
      })
    }
    const longest = `a.b:c/d_e-${'Z'.repeat(26)}`
    const named = await t.a.orderPlace({ ...order, newClientOrderId: longest })
    expect(named.data.clientOrderId).toBe(longest)
    const generated = await Promise.all([
      t.bare.orderPlace(order),
      t.bare.orderPlace(order),
      t.bare.orderPlace(order),
    ])
    const ids = generated.map((r) => r.data.clientOrderId)
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{22}$/)
    expect(new Set(ids).size).toBe(3)
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})

describe('self-trade prevention default (fidelity 3.2.5)', () => {
  it("an order without a mode takes the symbol's default: echoed in responses, order.status and V, and applied", async () => {
    const { stream } = await t.a.userDataStreamSubscribe()
    const reports: ExecutionReport[] = []
    stream.on('executionReport', (e) => reports.push(e))
    const maker = await t.a.orderPlace(limit('STPUSDT', 'SELL', '60000.00', '0.10000'))
    expect(maker.data.selfTradePreventionMode).toBe('EXPIRE_MAKER')
    expect((await t.a.orderStatus({ symbol: 'STPUSDT', orderId: maker.data.orderId })).data).toMatchObject({
      selfTradePreventionMode: 'EXPIRE_MAKER',
    })
    const plain = await t.a.orderPlace(limit('BTCUSDT', 'SELL', '60000.00', '0.10000'))
    expect(plain.data.selfTradePreventionMode).toBe('NONE')
    await expect.poll(() => reports.length).toBe(2)
    expect(reports.map((r) => r.V)).toEqual(['EXPIRE_MAKER', 'NONE'])
    const taker = await t.a.orderPlace(limit('STPUSDT', 'BUY', '60000.00', '0.10000'))
    expect(taker.data).toMatchObject({
      status: 'NEW',
      executedQty: '0.00000000',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    })
    expect((await t.a.orderStatus({ symbol: 'STPUSDT', orderId: maker.data.orderId })).data).toMatchObject({
      status: 'EXPIRED_IN_MATCH',
    })
    await t.a.openOrdersCancelAll({ symbol: 'STPUSDT' })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.a.userDataStreamUnsubscribe()
  })
})

describe('rejections before the engine (fidelity 3.2.8, 3.4.4, A25)', () => {
  it('a zero price is "Price * QTY is zero or less."; bad type/TIF/iceberg combinations are -2010, never -1014', async () => {
    expect(await rejection(t.a.orderPlace(limit('ZEROUSDT', 'BUY', '0', '1.00000')))).toMatchObject(
      rejected('Price * QTY is zero or less.'),
    )
    expect(
      await rejection(
        t.a.orderPlace({
          ...limit('BTCUSDT', 'BUY', '59000.00', '0.10000'),
          timeInForce: 'IOC',
          icebergQty: '0.01000',
        }),
      ),
    ).toMatchObject(rejected('Unsupported order combination'))
    expect(
      await rejection(
        t.a.orderPlace({
          symbol: 'BTCUSDT',
          side: 'SELL',
          type: 'STOP_LOSS',
          quantity: '0.10000',
          stopPrice: '59000.00',
          icebergQty: '0.01000',
        }),
      ),
    ).toMatchObject(rejected('Unsupported order combination'))
  })

  it('an iceberg needs GTC, and so does a LIMIT PRIMARY_PEG', async () => {
    await t.b.orderPlace(limit('BTCUSDT', 'BUY', '59000.00', '0.10000'))
    for (const timeInForce of ['IOC', 'FOK'] as const) {
      const iceberg = {
        ...limit('BTCUSDT', 'BUY', '59000.00', '0.10000'),
        timeInForce,
        icebergQty: '0.01000',
      }
      expect(await rejection(t.a.orderPlace(iceberg)), timeInForce).toMatchObject(
        rejected('Unsupported order combination'),
      )
      const peg = {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce,
        quantity: '0.01000',
        pegPriceType: 'PRIMARY_PEG',
      } as const
      expect(await rejection(t.a.orderPlace(peg)), timeInForce).toMatchObject(
        rejected('This price peg cannot be used with this order type.'),
      )
    }
    const iceberg = await t.a.orderPlace({
      ...limit('BTCUSDT', 'BUY', '59000.00', '0.10000'),
      icebergQty: '0.01000',
    })
    expect(iceberg.data).toMatchObject({ status: 'NEW', timeInForce: 'GTC', icebergQty: '0.01000000' })
    const peg = await t.a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000',
      pegPriceType: 'PRIMARY_PEG',
    })
    expect(peg.data).toMatchObject({
      status: 'NEW',
      pegPriceType: 'PRIMARY_PEG',
      peggedPrice: '59000.00000000',
    })
    await t.a.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    await t.b.openOrdersCancelAll({ symbol: 'BTCUSDT' })
  })
})
