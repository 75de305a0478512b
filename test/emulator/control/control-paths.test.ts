// The control API's paths and verbs at their edges (docs/emulator-control.md "Over HTTP"): `/control` without its
// slash, a POST to the event stream, a dotted route name, a POST with a query string, a number sent as a string.
import { describe, expect, it } from 'vitest'
import { expectInvalidParam, refusalVenue, venueState } from '../../support/control-refusal.js'

const k = refusalVenue()

async function send(path: string, init: RequestInit = {}) {
  const res = await fetch(`http://127.0.0.1:${k.ex.port}${path}`, { redirect: 'manual', ...init })
  const text = await res.text()
  return {
    status: res.status,
    allow: res.headers.get('allow'),
    location: res.headers.get('location'),
    code: text.startsWith('{') ? (JSON.parse(text) as { error?: { code: string } }).error?.code : undefined,
  }
}

const deposit = JSON.stringify({ apiKey: 'k1', asset: 'USDT', amount: '1' })

describe('control over HTTP: paths and verbs at the edges', () => {
  it('redirects /control to /control/ (308), and answers /controlx with the control API 404', async () => {
    expect(await send('/control')).toMatchObject({ status: 308, location: '/control/' })
    expect(await send('/control?x=1')).toMatchObject({ status: 308, location: '/control/?x=1' })
    expect(await send('/controlx')).toMatchObject({ status: 404, code: 'NOT_FOUND' })
  })

  it('answers a POST to the event stream 405 with Allow: GET', async () => {
    expect(await send('/control/events', { method: 'POST', body: '{}' })).toMatchObject({
      status: 405,
      allow: 'GET',
      code: 'METHOD_NOT_ALLOWED',
    })
  })

  it('knows routes by their slashed names only: /control/clock.advance is no route', async () => {
    const before = await venueState(k)
    const dotted = await send('/control/clock.advance', { method: 'POST', body: '{"ms":1000}' })
    expect(dotted).toMatchObject({ status: 404, code: 'NOT_FOUND' })
    expect(await send('/control/clock/advance', { method: 'POST', body: '{"ms":0}' })).toMatchObject({
      status: 200,
    })
    expect(await venueState(k)).toEqual(before)
  })

  it('refuses a POST with a query string (400 naming it) instead of ignoring the query', async () => {
    const before = await venueState(k)
    const answer = await fetch(`http://127.0.0.1:${k.ex.port}/control/deposit?amount=5`, {
      method: 'POST',
      body: deposit,
    })
    expect({ status: answer.status, body: await answer.json() }).toEqual({
      status: 400,
      body: {
        error: {
          code: 'INVALID_PARAM',
          msg: 'query string: a POST takes its params in the JSON body, not in the URL',
        },
      },
    })
    expect(await venueState(k)).toEqual(before)
  })

  it('says a number sent as a string is a string', async () => {
    await expectInvalidParam(
      k,
      'clock/advance',
      { ms: '10' },
      'ms: must be an integer (a JSON number, not a string)',
    )
    await expectInvalidParam(
      k,
      'failNext',
      { count: '1e3' },
      'count: must be an integer (a JSON number, not a string)',
    )
  })
})
