// deposit, withdraw, lockBalance and unlockBalance refuse a bad asset or amount as a param error naming it (never
// a 500, never a balance made), over HTTP and in-process; an asset no symbol trades is fine when well-formed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlCall } from '../../support/control-call.js'
import { expectInvalidParam, expectParamError, venueState } from '../../support/control-refusal.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'

let k: TestExchange
beforeAll(async () => {
  k = await startExchange({
    clock: T0,
    control: true,
    accounts: [{ apiKey: 'k1', key: 'hmac', balances: { USDT: '1000' } }],
  })
  // Something locked, so that unlockBalance has something to refuse to touch.
  k.ex.lockBalance('k1', 'USDT', '10')
})
afterAll(() => k?.close())

const ROUTES = ['deposit', 'withdraw', 'lockBalance', 'unlockBalance'] as const
const DECIMAL = 'amount: must be a decimal string'
const PLACES = `${DECIMAL} with at most 8 places`

const AMOUNTS: [unknown, string][] = [
  ['0.000000001', PLACES],
  ['1.123456789', PLACES],
  ['0', 'amount: must be > 0'],
  ['0.00000000', 'amount: must be > 0'],
  ['-1', 'amount: must be a decimal string such as "100.5" (digits and an optional point'],
  ['-0', 'amount: must be a decimal string such as "100.5" (digits and an optional point'],
  ['1e3', 'amount: must be a decimal string such as "100.5" (digits and an optional point'],
  [100, 'amount: must be a decimal string such as "100.5" (not a JSON number)'],
  ['1'.padEnd(21, '0'), 'amount: must be a decimal string such as "100.5" (at most 20 integer digits)'],
]

const ASSETS: unknown[] = [
  'usdt',
  'USDT ',
  ' ',
  '<script>',
  '__proto__',
  'US\u0000DT',
  '\ud800',
  'A'.repeat(21),
  'BTC-X',
]
const NAMED = 'asset: must be an asset name: 1 to 20 upper-case letters or digits'

describe('balance calls: bad amounts and assets', () => {
  it('over HTTP: 400 INVALID_PARAM naming amount or asset; nothing changes and the server goes on', async () => {
    const before = await venueState(k)
    for (const route of ROUTES) {
      for (const [amount, msg] of AMOUNTS)
        await expectInvalidParam(k, route, { apiKey: 'k1', asset: 'USDT', amount }, msg)
      for (const asset of ASSETS)
        await expectInvalidParam(k, route, { apiKey: 'k1', asset, amount: '1' }, NAMED)
    }
    expect(await venueState(k)).toEqual(before)
  })

  it('in-process: a ControlParamError (TypeError) naming the param; nothing changes', async () => {
    const before = await venueState(k)
    for (const route of ROUTES) {
      for (const [amount, msg] of AMOUNTS) {
        // The route's type check words a malformed decimal as an example; the call's own check by its places.
        const prefix = msg.startsWith(DECIMAL) ? DECIMAL : msg
        expectParamError(() => k.ex[route]('k1', 'USDT', amount as string), prefix)
        // The hint in brackets says why, whichever check words it.
        const hint = /\(.*\)$/.exec(msg)?.[0]
        if (hint) expect(() => k.ex[route]('k1', 'USDT', amount as string)).toThrow(hint)
      }
      for (const asset of ASSETS) expectParamError(() => k.ex[route]('k1', asset as string, '1'), NAMED)
    }
    expect(await venueState(k)).toEqual(before)
  })

  it('takes a well-formed asset no symbol trades (1000SATS) and 8 places', async () => {
    const answer = await controlCall(k, 'deposit', { apiKey: 'k1', asset: '1000SATS', amount: '0.00000001' })
    expect(answer).toMatchObject({ status: 200, body: { result: null } })
    const status = await controlCall(k, 'query', { method: 'account.status', apiKey: 'k1' })
    const balances = (status.body.result as { balances: { asset: string; free: string }[] }).balances
    expect(balances.find((b) => b.asset === '1000SATS')?.free).toBe('0.00000001')
  })
})
