import { describe, expect, it } from 'vitest'
import { DEFAULT_SYMBOLS } from '../../exchange/default-symbols.js'
import { ExchangeState } from '../../exchange/state.js'
import { plainFullJson } from './order-json.js'
import { orderFull, orderResult } from './orders.js'

function exchange(): ExchangeState {
  return new ExchangeState({
    symbols: DEFAULT_SYMBOLS,
    accounts: [{ apiKey: 'k', hmacSecret: 's', balances: { USDT: '10000000', BTC: '100' } }],
    liquidity: { levels: 10, spacingBps: 5 },
    seed: 1,
    commission: undefined,
    startTime: 1_700_000_000_000,
  })
}

const market = (quantity: number, side: 'BUY' | 'SELL' = 'BUY') => ({
  accountId: 1,
  symbol: 'BTCUSDT',
  side,
  type: 'MARKET' as const,
  timeInForce: 'GTC' as const,
  price: 0,
  quantity,
  quoteOrderQty: 0n,
  clientOrderId: 'c-1',
  selfTradePreventionMode: 'NONE' as const,
})

/** What respond() writes for `value`. */
const written = (value: unknown) => plainFullJson(value) ?? JSON.stringify(value)

describe('plainFullJson', () => {
  it('writes FULL responses as JSON.stringify does: one fill, several, none', () => {
    const ex = exchange()
    for (const qty of [100, 120_000, 60_000]) {
      const r = ex.place(market(qty), 1_700_000_000_000)
      if (!r.ok) throw new Error(r.msg)
      const full = orderFull(r.order, 1_700_000_000_123, r.trades, r.prevented)
      expect(plainFullJson(full)).toBe(JSON.stringify(full))
      if (qty === 120_000) expect(full.fills.length).toBeGreaterThan(1)
    }
    // Past the ladder a MARKET order expires: a conditional field, not this writer's.
    const expired = ex.place(market(2_000_000), 1_700_000_000_000)
    if (!expired.ok) throw new Error(expired.msg)
    const tail = orderFull(expired.order, 1, expired.trades, expired.prevented)
    expect(plainFullJson(tail)).toBeUndefined()
    expect(written(tail)).toBe(JSON.stringify(tail))
    const resting = ex.place(
      { ...market(100), type: 'LIMIT', price: 5_000_000, clientOrderId: 'rest' },
      1_700_000_000_000,
    )
    if (!resting.ok) throw new Error(resting.msg)
    const full = orderFull(resting.order, 1, [], [])
    expect(full.fills).toEqual([])
    expect(plainFullJson(full)).toBe(JSON.stringify(full))
    // RESULT has no fills: not this writer's.
    expect(plainFullJson(orderResult(resting.order, 1))).toBeUndefined()
  })

  it('gives up on any other shape or value type, and escapes as JSON.stringify does', () => {
    const ex = exchange()
    const r = ex.place(market(100), 1_700_000_000_000)
    if (!r.ok) throw new Error(r.msg)
    const base = () =>
      orderFull(r.order, 1_700_000_000_123, r.trades, r.prevented) as unknown as Record<string, unknown>
    const variants: Record<string, unknown>[] = []
    const extra = base()
    extra['icebergQty'] = '1.00000000'
    variants.push(extra)
    const missing = base()
    delete missing['workingTime']
    variants.push(missing)
    const { symbol, ...rest } = base()
    variants.push({ ...rest, symbol })
    variants.push(Object.assign(Object.create({ inherited: 1 }), base()))
    for (const [key, value] of [
      ['symbol', 'A"B\\C\u0001\ud800é☃'],
      ['clientOrderId', 7],
      ['orderId', '7'],
      ['transactTime', Number.NaN],
      ['workingTime', -0],
      ['status', undefined],
      ['fills', [null]],
      ['fills', {}],
      ['fills', [{ ...(base()['fills'] as object[])[0], extra: 1 }]],
      ['fills', [{ ...(base()['fills'] as object[])[0], commissionAsset: 'B"NB' }]],
    ] as const) {
      const v = base()
      v[key] = value
      variants.push(v)
    }
    for (const v of variants) expect(written(v)).toBe(JSON.stringify(v))
    expect(plainFullJson(variants[0])).toBeUndefined()
    expect(plainFullJson(variants[4])).toBe(JSON.stringify(variants[4]))
  })
})
