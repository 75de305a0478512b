import { describe, expect, it } from 'vitest'
import { toSafeUnits, toUnits } from './decimal.js'
import { Engine, type PlaceCommand, type PlaceResult } from './engine.js'
import type { Order } from './order.js'

const P = (s: string) => toSafeUnits(s, 2)
const Q = (s: string) => toSafeUnits(s, 5)
const M = (s: string) => toUnits(s, 8)
const RATE = { maker: M('0.001'), taker: M('0.001'), buyer: 0n, seller: 0n }

function setup(): Engine {
  let n = 0
  const engine = new Engine({ newClientOrderId: () => `auto${++n}` })
  engine.addMarket({
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    priceScale: 2,
    qtyScale: 5,
    lot: { step: 10, min: 10, max: 900_000_000 },
    marketLot: { step: 10, min: 10, max: 900_000_000 },
  })
  for (const id of [1, 2, 3]) {
    engine.ledger.credit(id, 'USDT', M('100000'))
    engine.ledger.credit(id, 'BTC', M('10'))
  }
  return engine
}

type Args = Partial<PlaceCommand> & Pick<PlaceCommand, 'accountId' | 'side'>
function place(engine: Engine, args: Args, now = 1000): PlaceResult {
  return engine.place(
    {
      symbol: 'BTCUSDT',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: 0,
      quantity: 0,
      quoteOrderQty: 0n,
      selfTradePreventionMode: 'NONE',
      ...args,
    },
    now,
  )
}

function placed(result: PlaceResult): Order {
  if (!result.ok) throw new Error(`rejected: ${result.msg}`)
  return result.order
}

function balance(engine: Engine, id: number, asset: string) {
  return engine.ledger.holding(id, asset)
}

describe('Engine: matching', () => {
  it('fills the best price first, then the earliest order at that price', () => {
    const engine = setup()
    const a = placed(place(engine, { accountId: 1, side: 'SELL', price: P('101'), quantity: Q('1') }))
    const b = placed(place(engine, { accountId: 2, side: 'SELL', price: P('101'), quantity: Q('1') }))
    const c = placed(place(engine, { accountId: 3, side: 'SELL', price: P('100'), quantity: Q('1') }))
    const r = place(engine, { accountId: 3, side: 'BUY', price: P('101'), quantity: Q('2.5') })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades.map((t) => [t.seller.id, t.price, t.qty])).toEqual([
      [c.id, P('100'), Q('1')],
      [a.id, P('101'), Q('1')],
      [b.id, P('101'), Q('0.5')],
    ])
    expect(r.order.status).toBe('FILLED')
    expect(b.status).toBe('PARTIALLY_FILLED')
    expect(b.remaining).toBe(Q('0.5'))
    expect(engine.book('BTCUSDT')?.depth(5).asks).toEqual([[P('101'), Q('0.5')]])
  })

  it('trades at the maker price and rests the unfilled remainder of a GTC limit', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('1') }))
    const r = place(engine, { accountId: 2, side: 'BUY', price: P('105'), quantity: Q('3') })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades[0]?.price).toBe(P('100'))
    expect(r.order.status).toBe('PARTIALLY_FILLED')
    expect(r.order.onBook).toBe(true)
    expect(engine.book('BTCUSDT')?.depth(5)).toEqual({ bids: [[P('105'), Q('2')]], asks: [] })
    expect(r.effects.executions.map((e) => [e.order.accountId, e.executionType, e.status])).toEqual([
      [2, 'NEW', 'NEW'],
      [2, 'TRADE', 'PARTIALLY_FILLED'],
      [1, 'TRADE', 'FILLED'],
    ])
  })

  it('expires the unfilled remainder of an IOC order and releases its funds', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('1') }))
    const r = place(engine, {
      accountId: 2,
      side: 'BUY',
      timeInForce: 'IOC',
      price: P('100'),
      quantity: Q('4'),
    })
    const order = placed(r)
    expect(order.status).toBe('EXPIRED')
    expect(order.expiryReason).toBe('UNFILLED_IOC_QUANTITY_EXPIRED')
    expect(order.executedQty).toBe(Q('1'))
    expect(balance(engine, 2, 'USDT')).toEqual({ free: M('99900'), locked: 0n })
    expect(engine.book('BTCUSDT')?.depth(5)).toEqual({ bids: [], asks: [] })
  })

  it('fills a FOK order completely when the book holds enough at acceptable prices', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('1') }))
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('102'), quantity: Q('1') }))
    const order = placed(
      place(engine, { accountId: 2, side: 'BUY', timeInForce: 'FOK', price: P('102'), quantity: Q('2') }),
    )
    expect(order.status).toBe('FILLED')
    expect(order.cumQuote).toBe(M('202'))
  })

  it('expires a FOK order with no fill at all when the book cannot fill all of it', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('1') }))
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('103'), quantity: Q('1') }))
    const r = place(engine, {
      accountId: 2,
      side: 'BUY',
      timeInForce: 'FOK',
      price: P('102'),
      quantity: Q('2'),
    })
    const order = placed(r)
    expect(order.status).toBe('EXPIRED')
    expect(order.expiryReason).toBe('UNFILLED_FOK_ORDER_EXPIRED')
    expect(order.executedQty).toBe(0)
    expect(r.ok && r.trades).toEqual([])
    expect(engine.book('BTCUSDT')?.depth(5).asks).toEqual([
      [P('100'), Q('1')],
      [P('103'), Q('1')],
    ])
    expect(balance(engine, 2, 'USDT')).toEqual({ free: M('100000'), locked: 0n })
  })

  it('rejects a LIMIT_MAKER order that would take liquidity, and rests one that would not', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('1') }))
    expect(
      place(engine, { accountId: 2, side: 'BUY', type: 'LIMIT_MAKER', price: P('100'), quantity: Q('1') }),
    ).toEqual({
      ok: false,
      reason: 'WOULD_MATCH_IMMEDIATELY',
      msg: 'Order would immediately match and take.',
    })
    const maker = placed(
      place(engine, { accountId: 2, side: 'BUY', type: 'LIMIT_MAKER', price: P('99.99'), quantity: Q('1') }),
    )
    expect(maker.onBook).toBe(true)
  })

  it('runs a MARKET order by quantity through the levels and expires what the book lacks', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'BUY', price: P('99'), quantity: Q('1') }))
    placed(place(engine, { accountId: 1, side: 'BUY', price: P('98'), quantity: Q('1') }))
    const order = placed(place(engine, { accountId: 2, side: 'SELL', type: 'MARKET', quantity: Q('3') }))
    expect(order.status).toBe('EXPIRED')
    expect(order.expiryReason).toBe('INSUFFICIENT_LIQUIDITY')
    expect(order.executedQty).toBe(Q('2'))
    expect(order.cumQuote).toBe(M('197'))
    expect(balance(engine, 2, 'BTC')).toEqual({ free: M('8'), locked: 0n })
  })

  it('buys by quoteOrderQty the most LOT_SIZE steps whose cost stays within the quote amount', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('0.1') }))
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('200'), quantity: Q('1') }))
    const r = place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quoteOrderQty: M('30.333') })
    const order = placed(r)
    expect(order.origQty).toBe(Q('0.2016'))
    expect(order.cumQuote).toBe(M('30.32'))
    expect(order.status).toBe('FILLED')
    expect(order.quoteOrderQty).toBe(M('30.333'))
    expect(balance(engine, 2, 'USDT')).toEqual({ free: M('99969.68'), locked: 0n })
  })

  it('rejects a quoteOrderQty order the book cannot serve with even one LOT_SIZE step', () => {
    const engine = setup()
    expect(
      place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quoteOrderQty: M('10') }),
    ).toMatchObject({
      ok: false,
      msg: 'Order book liquidity is less than symbol minimum quantity.',
    })
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('50000'), quantity: Q('1') }))
    expect(place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quoteOrderQty: M('1') })).toMatchObject(
      {
        ok: false,
        msg: 'Order book liquidity is less than LOT_SIZE filter minimum quantity.',
      },
    )
  })
})

describe('Engine: balances', () => {
  it('rejects an order the free balance cannot cover, and changes nothing', () => {
    const engine = setup()
    expect(place(engine, { accountId: 1, side: 'BUY', price: P('100000'), quantity: Q('1.00001') })).toEqual({
      ok: false,
      reason: 'INSUFFICIENT_BALANCES',
      msg: 'Account has insufficient balance for requested action.',
    })
    expect(
      place(engine, { accountId: 1, side: 'SELL', price: P('1'), quantity: Q('10.00001') }),
    ).toMatchObject({
      ok: false,
      reason: 'INSUFFICIENT_BALANCES',
    })
    expect(balance(engine, 1, 'USDT')).toEqual({ free: M('100000'), locked: 0n })
    expect(engine.book('BTCUSDT')?.openOrders()).toEqual([])
  })

  it('locks price × qty on place, settles fills, and releases the rest on cancel', () => {
    const engine = setup()
    const bid = placed(place(engine, { accountId: 1, side: 'BUY', price: P('100'), quantity: Q('2') }))
    expect(balance(engine, 1, 'USDT')).toEqual({ free: M('99800'), locked: M('200') })
    placed(place(engine, { accountId: 2, side: 'SELL', price: P('100'), quantity: Q('0.5') }))
    expect(balance(engine, 1, 'USDT')).toEqual({ free: M('99800'), locked: M('150') })
    expect(balance(engine, 1, 'BTC')).toEqual({ free: M('10.5'), locked: 0n })
    expect(balance(engine, 2, 'BTC')).toEqual({ free: M('9.5'), locked: 0n })
    expect(balance(engine, 2, 'USDT')).toEqual({ free: M('100050'), locked: 0n })
    const cancel = engine.cancel(1, 'BTCUSDT', { orderId: bid.id }, 'mine', 2000)
    expect(cancel).toMatchObject({ ok: true, origClientOrderId: 'auto1' })
    expect(bid.status).toBe('CANCELED')
    expect(bid.clientOrderId).toBe('mine')
    expect(balance(engine, 1, 'USDT')).toEqual({ free: M('99950'), locked: 0n })
    expect(engine.cancel(1, 'BTCUSDT', { orderId: bid.id }, undefined, 2000)).toEqual({
      ok: false,
      error: 'NOT_FOUND',
    })
  })

  it('refunds a buyer the price improvement of a fill below its limit', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('90'), quantity: Q('1') }))
    const bid = placed(place(engine, { accountId: 2, side: 'BUY', price: P('100'), quantity: Q('2') }))
    expect(balance(engine, 2, 'USDT')).toEqual({ free: M('99810'), locked: M('100') })
    expect(bid.locked).toBe(M('100'))
  })

  it('charges commission at the role rate in the asset each side receives', () => {
    const engine = setup()
    engine.setCommission(1, RATE)
    engine.setCommission(2, { ...RATE, taker: M('0.002'), buyer: M('0.0005') })
    placed(place(engine, { accountId: 1, side: 'SELL', price: P('100'), quantity: Q('1') }))
    const r = place(engine, { accountId: 2, side: 'BUY', type: 'MARKET', quantity: Q('1') })
    if (!r.ok) throw new Error(r.msg)
    expect(r.trades[0]).toMatchObject({ buyerCommission: M('0.0025'), sellerCommission: M('0.1') })
    expect(balance(engine, 2, 'BTC').free).toBe(M('10.9975'))
    expect(balance(engine, 1, 'USDT').free).toBe(M('100099.9'))
    expect(engine.ledger.fees).toEqual(
      new Map([
        ['BTC', M('0.0025')],
        ['USDT', M('0.1')],
      ]),
    )
  })

  it('rejects a client order id already used by an open order of the account', () => {
    const engine = setup()
    placed(place(engine, { accountId: 1, side: 'BUY', price: P('1'), quantity: Q('1'), clientOrderId: 'x' }))
    expect(
      place(engine, { accountId: 1, side: 'BUY', price: P('1'), quantity: Q('1'), clientOrderId: 'x' }),
    ).toMatchObject({ ok: false, msg: 'Duplicate order sent.' })
    placed(place(engine, { accountId: 2, side: 'BUY', price: P('1'), quantity: Q('1'), clientOrderId: 'x' }))
  })

  it('conserves every asset, never goes negative and never leaves the book crossed', () => {
    const engine = setup()
    engine.setCommission(1, RATE)
    engine.setCommission(2, RATE)
    const totals = { BTC: engine.ledger.total('BTC'), USDT: engine.ledger.total('USDT') }
    let seed = 42
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const resting: Order[] = []
    for (let i = 0; i < 2000; i++) {
      const accountId = 1 + rand(3)
      const side = rand(2) === 0 ? 'BUY' : 'SELL'
      const op = rand(10)
      if (op < 2 && resting.length > 0) {
        const o = resting.splice(rand(resting.length), 1)[0] as Order
        engine.cancel(o.accountId, 'BTCUSDT', { orderId: o.id }, undefined, i)
      } else if (op < 3) {
        place(engine, { accountId, side, type: 'MARKET', quantity: 10 * (1 + rand(500)) }, i)
      } else {
        const tif = (['GTC', 'GTC', 'IOC', 'FOK'] as const)[rand(4)] ?? 'GTC'
        const r = place(
          engine,
          { accountId, side, timeInForce: tif, price: 9_500 + rand(1_000), quantity: 10 * (1 + rand(500)) },
          i,
        )
        if (r.ok && r.order.onBook) resting.push(r.order)
      }
      expect(engine.ledger.total('BTC')).toBe(totals.BTC)
      expect(engine.ledger.total('USDT')).toBe(totals.USDT)
      const book = engine.book('BTCUSDT')
      const bid = book?.bids.best()
      const ask = book?.asks.best()
      if (bid && ask) expect(bid.price).toBeLessThan(ask.price)
    }
    for (const id of [1, 2, 3]) {
      for (const h of engine.ledger.holdings(id).values()) {
        expect(h.free >= 0n && h.locked >= 0n).toBe(true)
      }
    }
  })
})
