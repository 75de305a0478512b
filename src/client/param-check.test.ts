import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { METHOD_LIST, type MethodSpec, type ParamKind } from '../protocol/methods.js'
import { InvalidParameterError } from './errors.js'
import { checkParams } from './param-check.js'

/** Any value the catalogue allows for `kind`, as a caller may pass it. */
function valid(kind: ParamKind): fc.Arbitrary<unknown> {
  if (typeof kind !== 'string') return fc.constantFrom(...kind)
  switch (kind) {
    case 'STRING':
      return fc.string()
    case 'DECIMAL':
      return fc.oneof(
        fc.stringMatching(/^\d{1,12}(\.\d{1,12})?$/),
        fc.maxSafeNat(), // a safe integer number is taken (param-check.ts says why)
      )
    case 'LONG':
    case 'INT':
      return fc.maxSafeInteger()
    case 'BOOLEAN':
      return fc.boolean()
    case 'STRING_ARRAY':
      return fc.array(fc.string(), { maxLength: 3 })
    case 'STRING_OR_ARRAY':
      return fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }))
  }
}

/** A value of the wrong type or form for `kind`. */
function invalid(kind: ParamKind): fc.Arbitrary<unknown> {
  const notInteger = fc.double().filter((d) => !Number.isSafeInteger(d))
  if (typeof kind !== 'string') return fc.string().filter((s) => !kind.includes(s))
  switch (kind) {
    case 'STRING':
      return fc.oneof(fc.double(), fc.boolean(), fc.bigInt())
    case 'DECIMAL':
      return fc.oneof(notInteger, fc.bigInt(), fc.stringMatching(/^-\d+$|^\d+e\d+$|^ \d+$|^\.\d+$/))
    case 'LONG':
    case 'INT':
      return fc.oneof(notInteger, fc.bigInt(), fc.stringMatching(/^\d+$/))
    case 'BOOLEAN':
      return fc.constantFrom('true', 'false', 0, 1)
    case 'STRING_ARRAY':
      return fc.oneof(fc.string(), fc.array(fc.integer(), { minLength: 1 }))
    case 'STRING_OR_ARRAY':
      return fc.oneof(fc.integer(), fc.array(fc.integer(), { minLength: 1 }))
  }
}

/** Any params `spec` allows: its required ones, some optional ones (maybe null), a name of each one-of group. */
const params = (spec: MethodSpec) => {
  const kindOf = (name: string) => spec.required[name] ?? spec.optional[name] ?? 'STRING'
  const optional = Object.entries(spec.optional).map(([name, kind]) =>
    fc.option(valid(kind), { nil: undefined, freq: 2 }).map((v) => [name, v] as const),
  )
  const required = Object.entries(spec.required).map(([name, kind]) =>
    valid(kind).map((v) => [name, v] as const),
  )
  const groups = spec.oneOf.map((group) =>
    fc.constantFrom(...group).chain((name) => valid(kindOf(name)).map((v) => [name, v] as const)),
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
          return invalid(kind).map((bad) => ({ spec, p: { ...p, [name]: bad }, name }))
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
})
