// REST signing as spec/rest-api.md "SIGNED Endpoint Examples" shows it: the signature covers the query string and
// the form body as sent (percent-encoded), concatenated; it travels percent-encoded in either part; the key in the
// X-MBX-APIKEY header (docs/emulator-fidelity.md R2, R3).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { perFile, startExchange } from '../../support/exchange.js'
import { ED25519, HMAC_SECRET, keyOf, OTHER_ED25519, rsaKeys } from '../../support/keys.js'
import { formText, restBase, restCall } from '../../support/rest-client.js'
import { symbolLike } from '../../support/symbols.js'

const DOC = readFileSync(new URL('../../../spec/rest-api.md', import.meta.url), 'utf8')
/** The docs' HMAC example key and time. */
const DOC_API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
const DOC_TIME = 1499827319559
/** The request targets of the docs' HMAC curl examples (the ASCII one, then the non-ASCII one). */
const HMAC_EXAMPLES = [
  ...DOC.matchAll(
    /curl -s -v -H "X-MBX-APIKEY: \$apiKey" -X POST "https:\/\/api\.binance\.com(\/api\/v3\/order\?[^"]+)"/g,
  ),
].map((m) => m[1] ?? '')

const LTCBTC = symbolLike('ETHBTC', { symbol: 'LTCBTC', baseAsset: 'LTC', referencePrice: '0.10000' })

const kit = perFile(() =>
  startExchange({
    clock: DOC_TIME,
    extraSymbols: [LTCBTC],
    accounts: [
      { apiKey: DOC_API_KEY, key: 'hmac' },
      { apiKey: 'rsa', key: 'rsa' },
      { apiKey: 'ed', key: 'ed25519' },
    ],
  }),
)

const order = {
  symbol: 'LTCBTC',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '1',
  price: '0.1',
}

describe('the docs’ HMAC examples (fidelity R2)', () => {
  it('the exact requests of spec/rest-api.md verify: the ASCII one places its order, the other reaches the symbol check', async () => {
    expect(HMAC_SECRET).toBe('NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j')
    expect(HMAC_EXAMPLES).toHaveLength(2)
    const [ascii = '', unicode = ''] = HMAC_EXAMPLES
    const headers = { 'X-MBX-APIKEY': DOC_API_KEY }
    const placed = await fetch(`${restBase(kit.ex)}${ascii}`, { method: 'POST', headers })
    expect(placed.status).toBe(200)
    expect(await placed.json()).toMatchObject({ symbol: 'LTCBTC', transactTime: DOC_TIME, status: 'NEW' })
    const other = await fetch(`${restBase(kit.ex)}${unicode}`, { method: 'POST', headers })
    expect({ status: other.status, body: await other.json() }).toEqual({
      status: 400,
      body: { code: -1121, msg: 'Invalid symbol.' },
    })
  })

  it('a changed byte of the payload is -1022; an upper-case HMAC signature is the same signature', async () => {
    const [ascii = ''] = HMAC_EXAMPLES
    const headers = { 'X-MBX-APIKEY': DOC_API_KEY }
    const base = restBase(kit.ex)
    const changed = await fetch(`${base}${ascii.replace('quantity=1', 'quantity=2')}`, {
      method: 'POST',
      headers,
    })
    expect({ status: changed.status, body: await changed.json() }).toEqual({
      status: 400,
      body: { code: -1022, msg: 'Signature for this request is not valid.' },
    })
    const [head, signature = ''] = ascii.split('&signature=')
    const upper = await fetch(`${base}${head}&signature=${signature.toUpperCase()}`, {
      method: 'POST',
      headers,
    })
    expect(upper.status).toBe(200)
  })
})

describe('RSA and Ed25519 over the query, the body or both (fidelity R2)', () => {
  const keys = () => [keyOf('rsa', rsaKeys().privateKey), keyOf('ed', ED25519.privateKey)]

  it('verify wherever the params and the signature travel', async () => {
    const base = restBase(kit.ex)
    for (const key of keys()) {
      const timestamp = String(kit.now)
      const { symbol, side, ...rest } = order
      const variants = [
        { query: { ...order, timestamp } },
        { body: { ...order, timestamp }, signatureIn: 'body' as const },
        { query: { symbol, side }, body: { ...rest, timestamp }, signatureIn: 'body' as const },
        { query: { symbol, side }, body: { ...rest, timestamp } },
      ]
      for (const variant of variants) {
        const answer = await restCall(base, '/api/v3/order', { method: 'POST', key, ...variant })
        expect({ key: key.apiKey, variant, status: answer.status }).toEqual({
          key: key.apiKey,
          variant,
          status: 200,
        })
      }
    }
  })

  it('a base64 signature is percent-encoded: `+`, `/` and `=` as sent, and a non-ASCII value signed encoded', async () => {
    const base = restBase(kit.ex)
    const key = keyOf('ed', ED25519.privateKey)
    const query = formText({
      symbol: '１２３４５６',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1',
      price: '0.2',
      timestamp: String(kit.now),
    })
    expect(query.startsWith('symbol=%EF%BC%91%EF%BC%92')).toBe(true)
    const signature = key.signer.sign(query)
    const sent = await fetch(`${base}/api/v3/order?${query}&signature=${encodeURIComponent(signature)}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': 'ed' },
    })
    expect(await sent.json()).toEqual({ code: -1121, msg: 'Invalid symbol.' })
    const other = keyOf('ed', OTHER_ED25519.privateKey).signer.sign(query)
    const wrong = await fetch(`${base}/api/v3/order?${query}&signature=${encodeURIComponent(other)}`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': 'ed' },
    })
    expect(await wrong.json()).toEqual({ code: -1022, msg: 'Signature for this request is not valid.' })
  })
})

describe('keys and timing (fidelity R3)', () => {
  const call = (request: Parameters<typeof restCall>[2]) =>
    restCall(restBase(kit.ex), '/api/v3/account', request).then((a) => ({ status: a.status, body: a.json }))

  it('no key header: 401 -2014; an unknown key: 401 -2015; no signature: 400 -1102', async () => {
    const timestamp = String(kit.now)
    expect(await call({ query: { timestamp } })).toEqual({
      status: 401,
      body: { code: -2014, msg: 'API-key format invalid.' },
    })
    expect(await call({ key: keyOf('nobody'), timestamp: kit.now })).toEqual({
      status: 401,
      body: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    })
    expect(await call({ query: { timestamp }, headers: { 'X-MBX-APIKEY': DOC_API_KEY } })).toEqual({
      status: 400,
      body: {
        code: -1102,
        msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
      },
    })
  })

  it('a timestamp outside recvWindow is -1021; inside it, in ms or µs, it passes', async () => {
    const key = keyOf(DOC_API_KEY)
    const late = await call({ key, query: { timestamp: String(kit.now - 5001) } })
    expect(late).toEqual({
      status: 400,
      body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
    })
    expect((await call({ key, query: { timestamp: String(kit.now - 5000) } })).status).toBe(200)
    expect((await call({ key, query: { timestamp: `${kit.now}000`, recvWindow: '100' } })).status).toBe(200)
  })
})
