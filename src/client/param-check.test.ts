import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { METHOD_BY_WIRE, METHOD_LIST, type MethodSpec, type ParamKind } from '../protocol/methods.js'
import { InvalidParameterError } from './errors.js'
import { checkParams } from './param-check.js'

/** Any value the catalogue allows for `kind`, as a caller may pass it. */
function valid(kind: ParamKind, name: string): fc.Arbitrary<unknown> {
  if (name === 'recvWindow') {
    const ms = fc.integer({ min: 1, max: 60_000_000 })
    // A number of up to 3 decimals, or its text; at most 60000 ms, more than 0.
    return fc.oneof(
      ms.map((n) => n / 1000),
      ms.map((n) => (n / 1000).toFixed(3)),
    )
  }
  if (typeof kind !== 'string') return fc.constantFrom(...kind)
  switch (kind) {
    case 'STRING':
      return fc.string({ minLength: 1 })
    case 'DECIMAL':
      return fc.oneof(
        fc.stringMatching(/^\d{1,12}(\.\d{1,12})?$/),
        fc.maxSafeNat(), // a safe integer number is taken (param-check.ts says why)
      )
    case 'LONG':
    case 'INT':
      return fc.maxSafeNat()
    case 'BOOLEAN':
      return fc.boolean()
    case 'STRING_ARRAY':
      return fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 })
    case 'STRING_OR_ARRAY':
      return fc.oneof(
        fc.string({ minLength: 1 }),
        fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }),
      )
  }
}

/** A value of the wrong type or form for `kind`, or one the server refuses (empty, negative, out of range). */
function invalid(kind: ParamKind, name: string): fc.Arbitrary<unknown> {
  const notInteger = fc.double().filter((d) => !Number.isSafeInteger(d))
  if (name === 'recvWindow') {
    return fc.oneof(
      fc.constantFrom(0, '0', '0.000', 60_000.001, '60000.001', '70000', 5000.1234, '5000.1234', true, 5n),
      fc.integer({ min: 60_001 }),
      fc.integer({ max: -1 }),
      fc.stringMatching(/^-\d+$|^\d+e\d+$|^ \d+$|^\.\d+$|^\d+\.\d{3}[1-9]$/),
    )
  }
  if (typeof kind !== 'string') return fc.string().filter((s) => !kind.includes(s))
  switch (kind) {
    case 'STRING':
      return fc.oneof(fc.double(), fc.boolean(), fc.bigInt(), fc.constant(''))
    case 'DECIMAL':
      return fc.oneof(notInteger, fc.bigInt(), fc.stringMatching(/^-\d+$|^\d+e\d+$|^ \d+$|^\.\d+$/))
    case 'LONG':
    case 'INT':
      return fc.oneof(notInteger, fc.bigInt(), fc.stringMatching(/^\d+$/), fc.integer({ max: -1 }))
    case 'BOOLEAN':
      return fc.constantFrom('true', 'false', 0, 1)
    case 'STRING_ARRAY':
      return fc.oneof(fc.string(), fc.array(fc.integer(), { minLength: 1 }), fc.constantFrom([], ['']))
    case 'STRING_OR_ARRAY':
      return fc.oneof(fc.integer(), fc.array(fc.integer(), { minLength: 1 }), fc.constantFrom('', [], ['']))
  }
}

/** Any params `spec` allows: its required ones, some optional ones (maybe null), a name of each one-of group. */
const params = (spec: MethodSpec) => {
  const kindOf = (name: string) => spec.required[name] ?? spec.optional[name] ?? 'STRING'
  const optional = Object.entries(spec.optional).map(([name, kind]) =>
    fc.option(valid(kind, name), { nil: undefined, freq: 2 }).map((v) => [name, v] as const),
  )
  const required = Object.entries(spec.required).map(([name, kind]) =>
    valid(kind, name).map((v) => [name, v] as const),
  )
  const groups = spec.oneOf.map((group) =>
    fc.constantFrom(...group).chain((name) => valid(kindOf(name), name).map((v) => [name, v] as const)),
  )
  return fc
    .tuple(
      fc.tuple(...optional),
      fc.tuple(...required),
      fc.tuple(...groups),
      fc.constantFrom(undefined, null),
    )
    .map(([opt, req, oneOf, absent]) => {
      const out: Record<string, unknown> = Object.fromEntries([...opt, ...req])
      for (const [i, [name, value]] of oneOf.entries()) {
        if ((spec.oneOf[i] ?? []).every((n) => out[n] == null)) out[name] = value
      }
      // Of names that exclude each other, only the first given is kept.
      for (const group of spec.exclusive ?? []) {
        for (const name of group.filter((n) => out[n] !== undefined).slice(1)) delete out[name]
      }
      // An optional param left out may also be given as undefined or null (both count as not given).
      const left = Object.keys(spec.optional).find((n) => out[n] === undefined)
      if (left !== undefined) out[left] = absent
      return out
    })
}

/** What `fn` threw, or undefined. */
function thrown(fn: () => void): unknown {
  try {
    fn()
  } catch (e) {
    return e
  }
  return undefined
}

const anyCall = fc.constantFrom(...METHOD_LIST).chain((spec) => params(spec).map((p) => ({ spec, p })))

describe('checkParams', () => {
  it('passes any params the catalogue allows', () => {
    fc.assert(
      fc.property(anyCall, ({ spec, p }) => {
        checkParams(spec, p)
      }),
    )
  })

  it('names the one param whose value does not fit its kind', () => {
    const call = anyCall
      .filter(({ p }) => Object.keys(p).some((n) => p[n] !== undefined && n !== 'returnRateLimits'))
      .chain(({ spec, p }) => {
        const names = Object.keys(p).filter((n) => p[n] !== undefined && n !== 'returnRateLimits')
        return fc.constantFrom(...names).chain((name) => {
          const kind = spec.required[name] ?? spec.optional[name] ?? 'STRING'
          return invalid(kind, name).map((bad) => ({ spec, p: { ...p, [name]: bad }, name }))
        })
      })
    fc.assert(
      fc.property(call, ({ spec, p, name }) => {
        const err = thrown(() => checkParams(spec, p))
        expect(err).toBeInstanceOf(InvalidParameterError)
        expect(err).toMatchObject({ parameter: name })
      }),
    )
  })

  it('names a param the row does not have', () => {
    const call = anyCall.chain(({ spec, p }) =>
      fc
        .string({ minLength: 1 })
        .filter((n) => n !== '__proto__' && !(n in p) && !(n in spec.required) && !(n in spec.optional))
        .filter((n) => !['returnRateLimits', 'apiKey', 'signature', 'timestamp'].includes(n))
        .map((name) => ({ spec, p: { ...p, [name]: 'x' }, name })),
    )
    fc.assert(
      fc.property(call, ({ spec, p, name }) => {
        const err = thrown(() => checkParams(spec, p))
        expect(err).toBeInstanceOf(InvalidParameterError)
        expect(err).toMatchObject({ parameter: name })
      }),
    )
  })

  it('refuses two params of an exclusive group, naming the second', () => {
    const call = fc
      .constantFrom(...METHOD_LIST.filter((spec) => spec.exclusive !== undefined))
      .chain((spec) => params(spec).map((p) => ({ spec, p })))
      .chain(({ spec, p }) =>
        fc.constantFrom(...(spec.exclusive ?? [])).chain((group) =>
          fc.shuffledSubarray([...group], { minLength: 2, maxLength: 2 }).chain(([a = '', b = '']) => {
            const kindOf = (n: string) => spec.optional[n] ?? 'STRING'
            return fc.tuple(valid(kindOf(a), a), valid(kindOf(b), b)).map(([va, vb]) => {
              const both: Record<string, unknown> = { ...p }
              for (const n of (spec.exclusive ?? []).flat()) delete both[n]
              // The first group holding both names is the one that refuses them.
              const first = (spec.exclusive ?? []).find((g) => g.includes(a) && g.includes(b)) ?? group
              return {
                spec,
                p: { ...both, [a]: va, [b]: vb },
                second: first.indexOf(a) < first.indexOf(b) ? b : a,
              }
            })
          }),
        ),
      )
    fc.assert(
      fc.property(call, ({ spec, p, second }) => {
        const err = thrown(() => checkParams(spec, p))
        expect(err).toBeInstanceOf(InvalidParameterError)
        expect(err).toMatchObject({ parameter: second })
      }),
    )
  })

  const spec = (wire: string) => METHOD_BY_WIRE.get(wire) as MethodSpec
  const refusal = (wire: string, p: Record<string, unknown>) => {
    const err = thrown(() => checkParams(spec(wire), p))
    return err instanceof InvalidParameterError ? err.message : err
  }

  it('refuses what the server would refuse as empty or negative', () => {
    const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' }
    expect(refusal('order.place', { ...order, symbol: '' })).toMatch(/^symbol: must not be empty/)
    expect(refusal('order.cancel', { symbol: 'BTCUSDT', origClientOrderId: '' })).toMatch(
      /^origClientOrderId: must not be empty/,
    )
    expect(refusal('order.status', { symbol: 'BTCUSDT', orderId: -1 })).toMatch(
      /^orderId: must not be negative/,
    )
    expect(refusal('depth', { symbol: 'BTCUSDT', limit: -5 })).toMatch(/^limit: must not be negative/)
    expect(refusal('allOrders', { symbol: 'BTCUSDT', startTime: -1 })).toMatch(
      /^startTime: must not be negative/,
    )
    expect(refusal('order.place', { ...order, timestamp: -1 })).toMatch(/^timestamp: must not be negative/)
    expect(refusal('ticker.price', { symbols: [] })).toMatch(/^symbols: .*not an empty array/)
    expect(refusal('ticker.price', { symbols: [''] })).toMatch(/^symbols: .*not an empty string/)
    expect(refusal('exchangeInfo', { permissions: '' })).toMatch(/^permissions: must not be empty/)
    expect(refusal('ticker.price', { symbol: 'BTCUSDT', symbols: ['BTCUSDT'] })).toMatch(
      /^symbols: ticker.price takes symbol or symbols, not both/,
    )
    expect(refusal('order.status', { symbol: 'BTCUSDT', orderId: 0 })).toBeUndefined()
  })

  it('takes recvWindow as a number or a string of at most 60000 ms with up to 3 decimals, more than 0', () => {
    for (const ok of [5000, '5000', 6000.346, '6000.346', '5000.1000', 60_000, '60000.000', 0.001]) {
      expect(
        refusal('order.status', { symbol: 'BTCUSDT', orderId: 1, recvWindow: ok }),
        String(ok),
      ).toBeUndefined()
    }
    const bad: [unknown, RegExp][] = [
      ['70000', /cannot be greater than 60000/],
      [60_000.001, /cannot be greater than 60000/],
      ['0', /more than 0/],
      [0, /more than 0/],
      ['5000.1234', /up to 3 decimals/],
      [5000.1234, /up to 3 decimals/],
      [-1, /up to 3 decimals/],
      ['1e3', /up to 3 decimals/],
      [true, /as a number or a decimal string/],
    ]
    for (const [value, message] of bad) {
      expect(refusal('account.status', { recvWindow: value }), String(value)).toMatch(message)
    }
  })
})
