// A form body is read whatever its Content-Type says; a JSON body is not (docs/emulator-fidelity.md R7).
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { perFile, startExchange, T0 } from '../../support/exchange.js'
import { keyOf } from '../../support/keys.js'
import { formText, restBase, restCall } from '../../support/rest-client.js'

const kit = perFile(() => startExchange({ clock: T0, accounts: [{ apiKey: 'h', key: 'hmac' }] }))
const key = keyOf('h')

/** The params of hummingbot's `_place_order` for a LIMIT buy, in its order. */
const HUMMINGBOT_ORDER = {
  symbol: 'BTCUSDT',
  side: 'BUY',
  quantity: '0.00100',
  type: 'LIMIT',
  newClientOrderId: 'x-MG43PCSNBBTUT6082c9f2d93a8',
  price: '50000.00',
  timeInForce: 'GTC',
}

/** A signed POST whose body is the urlencoded params and the signature over them. */
function signedBody(params: Readonly<Record<string, string>>): string {
  const text = formText({ ...params, timestamp: String(kit.now) })
  return `${text}&signature=${key.signer.sign(text)}`
}

/** POST `path` with `body` and no Content-Type header (node's http adds none). */
function postWithoutType(path: string, body: string): Promise<{ status: number; json: unknown }> {
  const { host, port } = kit.ex
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path,
        method: 'POST',
        headers: { 'X-MBX-APIKEY': key.apiKey, 'Content-Length': body.length },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk) => {
          text += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('form bodies under another Content-Type (fidelity R7)', () => {
  it('hummingbot’s order: a form body labelled application/json, signed over the urlencoded params, places the order', async () => {
    const base = restBase(kit.ex)
    const res = await fetch(`${base}/api/v3/order`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': key.apiKey, 'Content-Type': 'application/json' },
      body: signedBody(HUMMINGBOT_ORDER),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      symbol: 'BTCUSDT',
      clientOrderId: HUMMINGBOT_ORDER.newClientOrderId,
      status: 'NEW',
      origQty: '0.00100000',
    })
    const open = await restCall(base, '/api/v3/openOrders', { key, timestamp: kit.now })
    expect(open.json).toMatchObject([{ clientOrderId: HUMMINGBOT_ORDER.newClientOrderId }])
  })

  it('a form body is read under text/plain and with no Content-Type', async () => {
    const test = { ...HUMMINGBOT_ORDER, newClientOrderId: 'plain' }
    const plain = await fetch(`${restBase(kit.ex)}/api/v3/order/test`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': key.apiKey, 'Content-Type': 'text/plain' },
      body: signedBody(test),
    })
    expect({ status: plain.status, json: await plain.json() }).toEqual({ status: 200, json: {} })
    expect(await postWithoutType('/api/v3/order/test', signedBody(test))).toEqual({ status: 200, json: {} })
  })

  it('a JSON body is not read, whatever its Content-Type: its params are missing', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${restBase(kit.ex)}/api/v3/order`, {
        method: 'POST',
        headers: { 'X-MBX-APIKEY': key.apiKey, 'Content-Type': type },
        body: ` ${JSON.stringify(HUMMINGBOT_ORDER)}`,
      })
      expect({ status: res.status, body: await res.json() }, type).toEqual({
        status: 400,
        body: {
          code: -1102,
          msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
        },
      })
    }
  })
})
