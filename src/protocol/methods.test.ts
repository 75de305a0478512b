import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { OCO_BELOW } from './enums.js'
import {
  METHOD_BY_NAME,
  METHOD_BY_WIRE,
  METHOD_LIST,
  type MethodSpec,
  type ParamKind,
  type ParamsOf,
} from './methods.js'

interface JsonParam {
  name: string
  type: string
  enum?: string[]
}

interface JsonMethod {
  wire: string
  tsName: string
  security: string
  signed: boolean
  inSpec: boolean
  weight: number | string
  weightRule: unknown
  unfilledOrderCount: number | null
  required: JsonParam[]
  optional: JsonParam[]
  requiredOneOf: string[][]
}

const here = dirname(fileURLToPath(import.meta.url))
const json = JSON.parse(
  readFileSync(resolve(here, '../../spec/method-catalogue.json'), 'utf8'),
) as JsonMethod[]

/** Params the client adds itself; the catalogue rows leave them out on purpose. */
const AUTH_PARAMS = new Set(['apiKey', 'signature', 'timestamp'])

function kindOf(p: JsonParam): ParamKind {
  switch (p.type) {
    case 'ENUM':
      return p.enum ?? []
    case 'ARRAY of STRING':
      return 'STRING_ARRAY'
    case 'ARRAY of STRING or STRING':
      return 'STRING_OR_ARRAY'
    default:
      return p.type as ParamKind
  }
}

function paramTable(params: JsonParam[]): Record<string, ParamKind> {
  return Object.fromEntries(params.filter((p) => !AUTH_PARAMS.has(p.name)).map((p) => [p.name, kindOf(p)]))
}

function authOf(m: JsonMethod): MethodSpec['auth'] {
  if (m.signed) return 'SIGNED'
  if (m.required.some((p) => p.name === 'apiKey')) return 'API_KEY'
  return m.security === 'NONE' ? 'NONE' : 'SESSION'
}

describe('method catalogue', () => {
  it('has exactly the methods of method-catalogue.json', () => {
    expect(METHOD_LIST).toHaveLength(json.length)
    expect(METHOD_LIST.map((m) => m.wire).sort()).toEqual(json.map((m) => m.wire).sort())
  })

  it('is the method count the README states', () => {
    const readme = readFileSync(resolve(here, '../../README.md'), 'utf8')
    expect(readme.match(/… (\d+) in all/)?.[1]).toBe(String(METHOD_LIST.length))
  })

  it('has unique wire and client names, indexed by both', () => {
    expect(new Set(METHOD_LIST.map((m) => m.wire)).size).toBe(METHOD_LIST.length)
    expect(new Set(METHOD_LIST.map((m) => m.name)).size).toBe(METHOD_LIST.length)
    expect(METHOD_BY_WIRE.size).toBe(METHOD_LIST.length)
    expect(METHOD_BY_NAME.size).toBe(METHOD_LIST.length)
  })

  for (const j of json) {
    it(`${j.wire} matches the JSON row`, () => {
      const m = METHOD_BY_WIRE.get(j.wire)
      expect(m, j.wire).toBeDefined()
      if (!m) return
      expect(m.name).toBe(j.tsName)
      expect(m.security).toBe(j.security)
      expect(m.auth).toBe(authOf(j))
      expect(m.inSpec).toBe(j.inSpec)
      expect(m.weight).toEqual(j.weightRule ?? j.weight)
      expect(m.unfilledOrders).toBe(j.unfilledOrderCount ?? 0)
      expect(m.required).toEqual(paramTable(j.required))
      expect(m.optional).toEqual(paramTable(j.optional))
      // Validation reports the first bad param in this order, so shared param groups must keep the spec's.
      expect(Object.keys(m.required)).toEqual(Object.keys(paramTable(j.required)))
      expect(Object.keys(m.optional)).toEqual(Object.keys(paramTable(j.optional)))
      expect(m.oneOf).toEqual(j.requiredOneOf)
    })
  }

  it('never lists an auth param as a method param', () => {
    for (const m of METHOD_LIST) {
      for (const name of [...Object.keys(m.required), ...Object.keys(m.optional)]) {
        expect(AUTH_PARAMS.has(name), `${m.wire}.${name}`).toBe(false)
      }
    }
  })

  it('types the params of rows built from shared groups as the spec does', () => {
    expectTypeOf<ParamsOf<'order.place'>['trailingDelta']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<ParamsOf<'order.cancelReplace'>['trailingDelta']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<ParamsOf<'order.cancelReplace'>['pegOffsetType']>().toEqualTypeOf<
      'PRICE_LEVEL' | undefined
    >()
    expectTypeOf<ParamsOf<'sor.order.place'>>().not.toHaveProperty('stopPrice')
    expectTypeOf<ParamsOf<'sor.order.place'>['quantity']>().toEqualTypeOf<string>()
    expectTypeOf<ParamsOf<'orderList.place.oco'>['aboveIcebergQty']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<ParamsOf<'orderList.place.oto'>['pendingIcebergQty']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<ParamsOf<'orderList.place.opo'>>().not.toHaveProperty('workingStopPrice')
    expectTypeOf<ParamsOf<'orderList.place.otoco'>['pendingBelowType']>().toEqualTypeOf<
      (typeof OCO_BELOW)[number] | undefined
    >()
  })

  it("types the spec's request examples: recvWindow a number or a string, money strings, ids numbers", () => {
    // web-socket-api.md's examples (auth params left out): `tsc` refuses any that does not fit.
    const place = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
      recvWindow: 100,
    } satisfies ParamsOf<'order.place'>
    const filters = { recvWindow: 5000, symbol: 'BTCUSDT' } satisfies ParamsOf<'myFilters'>
    const micros = { recvWindow: '6000.346' } satisfies ParamsOf<'account.status'>
    expectTypeOf<ParamsOf<'order.place'>['recvWindow']>().toEqualTypeOf<number | string | undefined>()
    // The order.amendments example sends `"orderId": "23"`: ids are numbers here (README, "Parameters").
    // @ts-expect-error a string id
    const amendments: ParamsOf<'order.amendments'> = { orderId: '23', recvWindow: 5000, symbol: 'BTCUSDT' }
    // @ts-expect-error money is never a float: a quantity is a decimal string
    const oco: Partial<ParamsOf<'orderList.place.oco'>> = { quantity: 1 }
    expect([place.recvWindow, filters.recvWindow, micros.recvWindow, amendments.symbol, oco]).toHaveLength(5)
  })
})
