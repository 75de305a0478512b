// fast-check generators of request frames: malformed text, non-object JSON, and every catalogue
// method with random, plausible or hostile params; raw number tokens (huge, negative, exponent) too.
import fc from 'fast-check'
import type { MethodSpec, ParamKind } from '../../src/protocol/methods.js'
import { METHOD_LIST } from '../../src/protocol/methods.js'

/** Seed and run count of a fuzz property: FUZZ_SEED / FUZZ_RUNS override the bounded defaults. */
export function fuzzParams(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = Number(process.env['FUZZ_SEED'] ?? 20_240_601)
  const scale = Number(process.env['FUZZ_SCALE'] ?? 1)
  return { seed, numRuns: Math.max(1, Math.round(defaultRuns * scale)) }
}

/** Raw JSON number texts that JSON.stringify cannot produce from a JS number. */
const RAW_NUMBERS = [
  '123456789012345678901234567890',
  '9007199254740993',
  '-9223372036854775809',
  '1e400',
  '-1e400',
  '1E-7',
  '0.000000000000000000000000001',
  '-0',
  '-0.0',
  '60000.000000000000000000001',
  '1.0e2',
]

const HOSTILE_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '-0.5',
  '1e3',
  'NaN',
  'Infinity',
  '0x10',
  '１２３',
  '9'.repeat(30),
  `0.${'0'.repeat(25)}1`,
  '1.',
  '.5',
  '+1',
  'true',
  'null',
  '[]',
  '{}',
  '["BTCUSDT"]',
  '["BTCUSDT","BTCUSDT"]',
  '\u0000',
  '🚀',
  'BTCUSDT',
  'btcusdt',
  'ＢＴＣＵＳＤＴ',
  'BTC USDT',
  "' OR 1=1 --",
  '__proto__',
  'x'.repeat(5000),
  '60000.00',
  '0.00100',
  '0.001',
  '1',
]

/** A marker string replaced by a raw number token when the frame is serialised. */
const rawNumber = fc.constantFrom(...RAW_NUMBERS).map((n) => `__RAW__${n}__`)

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRINGS),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom<unknown>(null, true, false, Number.MAX_SAFE_INTEGER, -1, 0, 1e21),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
  rawNumber,
)

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC']
const PRICES: Record<string, readonly string[]> = {
  BTCUSDT: ['59000.00', '59970.00', '60000.00', '60030.00', '61000.00', '0.01', '1000000.00'],
  ETHUSDT: ['2990.00', '3000.00', '3010.00'],
  BNBUSDT: ['590.0', '600.0', '610.0'],
  ETHBTC: ['0.05000', '0.04990', '0.05010'],
}

/** A value of `kind` that the emulator would likely accept, for parameter `name`. */
function plausible(name: string, kind: ParamKind): fc.Arbitrary<unknown> {
  if (typeof kind !== 'string') return fc.constantFrom(...kind)
  if (name === 'symbol') return fc.constantFrom(...SYMBOLS)
  if (name === 'symbols') return fc.subarray(SYMBOLS, { minLength: 1 })
  if (name.toLowerCase().endsWith('price')) {
    return fc.constantFrom(...Object.values(PRICES).flat())
  }
  if (name.toLowerCase().endsWith('qty') || name === 'quantity') {
    return fc.constantFrom('0.00100', '0.01000', '0.5', '1', '0.00001', '100', '12.3456')
  }
  if (name.endsWith('ClientOrderId') || name === 'newClientOrderId') {
    return fc.constantFrom('c1', 'c2', 'abc', 'x-1', 'z'.repeat(36))
  }
  switch (kind) {
    case 'DECIMAL':
      return fc.constantFrom('0.01', '1', '100.5', '5000')
    case 'LONG':
    case 'INT':
      return fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(100, 500, 1000, 1_700_000_000_000))
    case 'BOOLEAN':
      return fc.boolean()
    case 'STRING_ARRAY':
    case 'STRING_OR_ARRAY':
      return fc.subarray(SYMBOLS, { minLength: 1 })
    default:
      return fc.constantFrom('BTCUSDT', '1m', 'FULL', 'x')
  }
}

/** Params for `spec`: most of its own params, plausible or hostile, plus the odd unknown one. */
export function paramsFor(spec: MethodSpec): fc.Arbitrary<Record<string, unknown>> {
  const names: [string, ParamKind, number][] = [
    ...Object.entries(spec.required).map(([n, k]): [string, ParamKind, number] => [n, k, 0.9]),
    ...Object.entries(spec.optional).map(([n, k]): [string, ParamKind, number] => [n, k, 0.3]),
  ]
  const entries = names.map(([name, kind, p]) =>
    fc
      .tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof({ weight: 4, arbitrary: plausible(name, kind) }, { weight: 1, arbitrary: hostile }),
      )
      .map(([roll, value]): [string, unknown] | undefined => (roll < p ? [name, value] : undefined)),
  )
  const extra = fc.array(fc.tuple(fc.constantFrom('foo', 'recvWindow', 'timestamp', '', '🚀'), hostile), {
    maxLength: 2,
  })
  return fc.tuple(fc.tuple(...entries), extra).map(([picked, more]) => {
    const out: Record<string, unknown> = {}
    for (const e of picked) if (e) out[e[0]] = e[1]
    for (const [k, v] of more) out[k] = v
    return out
  })
}

/** How a request is authenticated by the fuzzer. */
type Auth = 'none' | 'hmac' | 'ed' | 'rsa' | 'bad-signature' | 'stale' | 'session'

interface FuzzRequest {
  readonly kind: 'request'
  readonly id: unknown
  readonly method: string
  readonly params: Record<string, unknown>
  readonly auth: Auth
}

interface FuzzText {
  readonly kind: 'text'
  readonly text: string
}

export type FuzzFrame = FuzzRequest | FuzzText

const id = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.constant(null),
  fc.constantFrom<unknown>(true, [1], { a: 1 }, 1.5, -0, '🚀'),
)

const auth = fc.constantFrom<Auth>('none', 'hmac', 'ed', 'rsa', 'bad-signature', 'stale', 'session')

const request: fc.Arbitrary<FuzzFrame> = fc.oneof(
  ...METHOD_LIST.map((spec) =>
    fc.record({
      kind: fc.constant('request' as const),
      id,
      method: fc.constantFrom(spec.wire, `v3/${spec.wire}`),
      params: paramsFor(spec),
      auth,
    }),
  ),
)

const unknownMethod: fc.Arbitrary<FuzzFrame> = fc.record({
  kind: fc.constant('request' as const),
  id,
  method: fc.oneof(
    fc.constantFrom('', 'v4/ping', 'ORDER.PLACE', 'order.place ', 'v3/', '__proto__', 'constructor'),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  ),
  params: fc.dictionary(fc.string({ maxLength: 6 }), hostile, { maxKeys: 3 }),
  auth,
})

const JUNK_TEXTS = [
  '',
  ' ',
  'null',
  '1',
  '"ping"',
  '[]',
  '[{"id":1,"method":"ping"}]',
  '{',
  '{"id":1,"method":"ping"',
  '{"id":1,"method":"ping"}}',
  '{"id":1,"method":"ping","params":[]}',
  '{"id":1,"method":"ping","params":"x"}',
  '{"id":1,"method":"ping","params":null}',
  '{"id":{"a":1},"method":"ping"}',
  '{"id":1,"method":1}',
  '{"id":1}',
  '{"method":"time","id":1,"id":2}',
  '{"id":1,"method":"depth","params":{"symbol":"BTCUSDT","symbol":"ETHUSDT"}}',
  '{"id":1,"method":"depth","params":{"symbol":"BTCUSDT","limit":1e400}}',
  '{"id":1,"method":"depth","params":{"symbol":"BTCUSDT","limit":-5}}',
  '{"id":1,"method":"depth","params":{"symbol":"BTCUSDT","limit":5.0}}',
  '{"id":1,"method":"depth","params":{"symbol":"BTCUSDT","limit":123456789012345678901234567890}}',
  '{"id":"\\ud800","method":"ping"}',
  '{"id":"a\\"b","method":"ping","params":{"k\\"}":1,"n":2}}',
  '\uFEFF{"id":1,"method":"ping"}',
  '{"id":1,"method":"ping","params":{"__proto__":{"x":1}}}',
  `{"id":1,"method":"ping","params":{"a":${'['.repeat(2000)}${']'.repeat(2000)}}}`,
  `${'['.repeat(100_000)}`,
]

const text: fc.Arbitrary<FuzzFrame> = fc
  .oneof(
    fc.constantFrom(...JUNK_TEXTS),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
  )
  .map((t) => ({ kind: 'text' as const, text: t }))

const clientId = fc.constantFrom('c1', 'c2')
const tradedSymbol = fc.constantFrom('BTCUSDT', 'BTCUSDT', 'BTCUSDT', 'ETHBTC')

/** Mostly valid trading params (what a bot sends), sometimes with one param made hostile. */
const tradingParams: fc.Arbitrary<[string, Record<string, unknown>]> = fc.oneof(
  fc
    .record({
      symbol: tradedSymbol,
      side: fc.constantFrom('BUY', 'SELL'),
      shape: fc.constantFrom('GTC', 'IOC', 'FOK', 'LIMIT_MAKER', 'MARKET', 'QUOTE'),
      tick: fc.integer({ min: -40, max: 40 }),
      passive: fc.constantFrom(true, true, true, false),
      lots: fc.integer({ min: 1, max: 300 }),
      newClientOrderId: fc.option(clientId, { nil: undefined }),
      newOrderRespType: fc.option(fc.constantFrom('ACK', 'RESULT', 'FULL'), { nil: undefined }),
    })
    .map(({ symbol, side, shape, tick: t, passive, lots, newClientOrderId, newOrderRespType }) => {
      const btc = symbol === 'BTCUSDT'
      const tick = passive ? (side === 'BUY' ? -1 : 1) * (Math.abs(t) + 1) : t
      const price = btc ? (60000 + tick * 10).toFixed(2) : (0.05 + tick * 0.00001).toFixed(5)
      const quantity = btc ? (lots / 10000).toFixed(5) : (lots / 100).toFixed(4)
      const p: Record<string, unknown> = { symbol, side, quantity }
      if (shape === 'MARKET' || shape === 'QUOTE') p['type'] = 'MARKET'
      else if (shape === 'LIMIT_MAKER') Object.assign(p, { type: 'LIMIT_MAKER', price })
      else Object.assign(p, { type: 'LIMIT', timeInForce: shape, price })
      if (shape === 'QUOTE') {
        delete p['quantity']
        p['quoteOrderQty'] = btc ? String(lots * 10) : (lots / 1000).toFixed(3)
      }
      if (newClientOrderId !== undefined) p['newClientOrderId'] = newClientOrderId
      if (newOrderRespType !== undefined) p['newOrderRespType'] = newOrderRespType
      return ['order.place', p] as [string, Record<string, unknown>]
    }),
  fc
    .record({
      symbol: tradedSymbol,
      orderId: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) },
      ),
      origClientOrderId: fc.option(clientId, { nil: undefined, freq: 5 }),
      method: fc.constantFrom('order.cancel', 'order.status'),
    })
    .map(({ method, ...p }): [string, Record<string, unknown>] => [
      method,
      Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)),
    ]),
  fc.constantFrom<[string, Record<string, unknown>]>(
    ['account.status', {}],
    ['openOrders.status', {}],
    ['openOrders.status', { symbol: 'BTCUSDT' }],
    ['myTrades', { symbol: 'BTCUSDT' }],
    ['session.logon', {}],
    ['session.logout', {}],
    ['userDataStream.subscribe', {}],
    ['userDataStream.unsubscribe', {}],
    ['depth', { symbol: 'BTCUSDT', limit: 5 }],
  ),
)

const trading: fc.Arbitrary<FuzzFrame> = fc
  .record({
    call: tradingParams,
    mutate: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(), hostile) },
    ),
    id: fc.integer({ min: 0, max: 1_000_000 }),
    auth: fc.constantFrom<Auth>(
      ...(['hmac', 'hmac', 'hmac', 'hmac', 'ed', 'ed', 'rsa', 'session'] as const),
      ...(['session', 'bad-signature', 'stale', 'none'] as const),
    ),
  })
  .map(({ call: [method, params], mutate, id, auth }) => {
    const p = { ...params }
    const keys = Object.keys(p)
    if (mutate && keys.length > 0) p[keys[mutate[0] % keys.length] as string] = mutate[1]
    return { kind: 'request' as const, id, method, params: p, auth }
  })

/** One frame of any kind, weighted toward well-formed requests. */
export const fuzzFrame: fc.Arbitrary<FuzzFrame> = fc.oneof(
  { weight: 8, arbitrary: trading },
  { weight: 4, arbitrary: request },
  { weight: 1, arbitrary: unknownMethod },
  { weight: 2, arbitrary: text },
)

/** JSON text of a request, with raw number markers replaced by their tokens. */
export function serialise(frame: { id: unknown; method: unknown; params: unknown }): string {
  return JSON.stringify(frame).replace(/"__RAW__(.*?)__"/g, '$1')
}
