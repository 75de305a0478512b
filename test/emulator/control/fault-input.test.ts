// failNext and stallNext take only a method the catalogue knows and a count from 1 to 1 000 000; clearFaults
// disarms what is armed and answers what a stall holds (docs/emulator-control.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlCall } from '../../support/control-call.js'
import { expectInvalidParam, expectParamError } from '../../support/control-refusal.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'

let k: TestExchange
beforeAll(async () => {
  k = await startExchange({ clock: T0, control: true })
})
afterAll(() => k?.close())

const rest = (path: string) => fetch(`http://127.0.0.1:${k.ex.port}/api/v3/${path}`)
const METHOD = 'method: must be a method of the WebSocket API'
const COUNT = 'count: must be a whole number from 1 to 1000000'

describe('faults: what failNext and stallNext take', () => {
  it('over HTTP: an unknown method, a count out of range, WAF executed are refused; nothing is armed', async () => {
    await expectInvalidParam(k, 'failNext', { method: 'no.such.method' }, METHOD)
    await expectInvalidParam(
      k,
      'failNext',
      { method: 'order.plac' },
      `${METHOD}, such as order.place (did you mean 'order.place'?)`,
    )
    await expectInvalidParam(k, 'stallNext', { method: 'nosuch' }, METHOD)
    for (const count of [0, -1, 1_000_001, Number.MAX_SAFE_INTEGER])
      await expectInvalidParam(k, 'failNext', { count }, COUNT)
    await expectInvalidParam(
      k,
      'failNext',
      { error: 'WAF', executed: true },
      'executed: cannot be true with WAF',
    )
    const time = await rest('time')
    expect(time.status).toBe(200)
    await time.body?.cancel()
  })

  it('in-process: a ControlParamError naming the param', () => {
    expectParamError(() => k.ex.failNext({ method: 'no.such.method' }), METHOD)
    expectParamError(() => k.ex.stallNext({ method: 'nosuch' }), METHOD)
    expectParamError(() => k.ex.failNext({ count: 2 ** 53 - 1 }), COUNT)
    expectParamError(() => k.ex.failNext({ count: 1.5 }), COUNT)
    expect(k.ex.clearFaults()).toBe(0)
  })
})

describe('faults: clearFaults', () => {
  it('disarms failNext and stallNext, answers the request a stall holds, and says how many it cleared', async () => {
    expect((await controlCall(k, 'failNext', { method: 'depth', count: 1_000_000 })).status).toBe(200)
    expect((await controlCall(k, 'stallNext', { method: 'exchangeInfo' })).status).toBe(200)
    const held = k.ex.stallNext({ method: 'time' })
    const time = rest('time')
    await held.arrived
    expect(await controlCall(k, 'clearFaults', {})).toMatchObject({ status: 200, body: { result: 3 } })
    expect((await time).status).toBe(200)
    const depth = await rest('depth?symbol=BTCUSDT&limit=5')
    expect(depth.status).toBe(200)
    const info = await rest('exchangeInfo?symbol=BTCUSDT')
    expect(info.status).toBe(200)
    await Promise.all([depth, info, await time].map((r) => r.body?.cancel()))
    expect(await controlCall(k, 'clearFaults', {})).toMatchObject({ status: 200, body: { result: 0 } })
  })
})
