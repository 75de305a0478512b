// Signature checks for every key type, and the timing rules (timestamp, recvWindow) of spec/web-socket-api.md,
// "Timing security".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Key, signedParams } from '../support/keys.js'
import { type Client, INVALID_SIGNATURE, KEYS, type Kit, LIMIT_BUY, securityKit } from './security-kit.js'

let kit: Kit
let c: Client

beforeAll(async () => {
  kit = await securityKit()
  c = await kit.open()
})

afterAll(async () => {
  await kit.close()
})

/** The account's open orders on BTCUSDT (via a valid request). */
async function openOrders(key: Key): Promise<unknown[]> {
  const r = await c.signed('openOrders.status', key, { symbol: 'BTCUSDT' })
  expect(r.status).toBe(200)
  return r.result as unknown[]
}

/** Sends order.place with `signature` replaced; expects -1022 and no new order. */
async function rejectsSignature(key: Key, mutate: (signature: string) => string): Promise<void> {
  const params = signedParams(key, LIMIT_BUY, kit.now)
  const r = await c.send('order.place', { ...params, signature: mutate(params.signature) })
  expect(r.error).toEqual(INVALID_SIGNATURE)
  expect(r.status).toBe(400)
  expect(await openOrders(key)).toEqual([])
}

const flipChar = (s: string, i: number) => {
  const ch = s[i] as string
  const other = ch === 'A' ? 'B' : 'A'
  return s.slice(0, i) + other + s.slice(i + 1)
}

describe('security: HMAC signatures', () => {
  it('accepts the signature in lower, upper and mixed case (hex is case-insensitive)', async () => {
    for (const [i, form] of ['lower', 'upper', 'mixed'].entries()) {
      const params = signedParams(KEYS.hmac, { ...LIMIT_BUY, price: `4000${i}.00` }, kit.now)
      const sig = params.signature
      const signature =
        form === 'lower'
          ? sig
          : form === 'upper'
            ? sig.toUpperCase()
            : [...sig].map((ch, j) => (j % 2 ? ch.toUpperCase() : ch)).join('')
      const r = await c.send('order.place', { ...params, signature })
      expect(r.status, form).toBe(200)
    }
    expect(await openOrders(KEYS.hmac)).toHaveLength(3)
    const all = await c.signed('openOrders.status', KEYS.hmac, { symbol: 'BTCUSDT' })
    for (const o of all.result as { orderId: number }[]) {
      expect(
        (await c.signed('order.cancel', KEYS.hmac, { symbol: 'BTCUSDT', orderId: o.orderId })).status,
      ).toBe(200)
    }
  })

  it('rejects a changed, truncated, padded, non-hex or foreign signature with -1022', async () => {
    await rejectsSignature(KEYS.hmac, (s) => flipChar(s, 10))
    await rejectsSignature(KEYS.hmac, (s) => s.slice(0, 63))
    await rejectsSignature(KEYS.hmac, (s) => `${s}0`)
    await rejectsSignature(KEYS.hmac, (s) => ` ${s}`)
    await rejectsSignature(KEYS.hmac, (s) => `${s.slice(0, 62)}zz`)
    await rejectsSignature(KEYS.hmac, () => KEYS.tradeOnly.signer.sign('apiKey=k-hmac'))
    await rejectsSignature(KEYS.hmac, (s) => Buffer.from(s, 'hex').toString('base64'))
  })

  it('rejects a signature over different params (the payload covers every param as sent)', async () => {
    const params = signedParams(KEYS.hmac, LIMIT_BUY, kit.now)
    for (const changed of [
      { quantity: '0.0100' },
      { price: '50000.0' },
      { side: 'SELL' },
      { newOrderRespType: 'ACK' },
      { timestamp: kit.now - 1 },
    ]) {
      const r = await c.send('order.place', { ...params, ...changed })
      expect(r.error, JSON.stringify(changed)).toEqual(INVALID_SIGNATURE)
    }
    expect(await openOrders(KEYS.hmac)).toEqual([])
  })
})

describe('security: RSA and Ed25519 signatures are exact', () => {
  for (const name of ['rsa', 'ed'] as const) {
    const key = KEYS[name]
    it(`${name}: accepts its own signature, once per payload`, async () => {
      const r = await c.send('order.place', signedParams(key, LIMIT_BUY, kit.now))
      expect(r.status).toBe(200)
      const id = (r.result as { orderId: number }).orderId
      expect((await c.signed('order.cancel', key, { symbol: 'BTCUSDT', orderId: id })).status).toBe(200)
    })

    it(`${name}: rejects case changes, flipped characters, base64url, whitespace, truncation, other keys`, async () => {
      const caseFlip = (s: string) => {
        const i = [...s].findIndex((ch) => /[a-z]/.test(ch))
        return s.slice(0, i) + (s[i] as string).toUpperCase() + s.slice(i + 1)
      }
      await rejectsSignature(key, caseFlip)
      await rejectsSignature(key, (s) => flipChar(s, 5))
      await rejectsSignature(key, (s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + '-_')
      await rejectsSignature(key, (s) => `${s.slice(0, 20)}\n${s.slice(20)}`)
      await rejectsSignature(key, (s) => s.slice(0, 40))
      await rejectsSignature(key, (s) => s.toLowerCase())
      await rejectsSignature(key, () => Buffer.alloc(64).toString('base64'))
      const other = name === 'rsa' ? KEYS.ed : KEYS.rsa
      await rejectsSignature(
        key,
        () => signedParams({ ...other, apiKey: key.apiKey }, LIMIT_BUY, kit.now).signature,
      )
    })
  }

  it('rejects an HMAC-style hex signature on an Ed25519 key, and an empty one with -1102', async () => {
    await rejectsSignature(KEYS.ed, () => 'ab'.repeat(32))
    const params = signedParams(KEYS.ed, LIMIT_BUY, kit.now)
    expect((await c.send('order.place', { ...params, signature: '' })).error?.code).toBe(-1102)
  })
})

describe('security: timestamp and recvWindow', () => {
  const status = (recvWindow: unknown, offset: number) =>
    c.signed('account.status', KEYS.hmac, recvWindow === undefined ? {} : { recvWindow }, kit.now + offset)

  it('accepts up to 999 ms ahead and rejects 1000 ms ahead, in ms and in µs', async () => {
    expect((await status(undefined, 999)).status).toBe(200)
    expect((await status(undefined, 1000)).error).toEqual({
      code: -1021,
      msg: "Timestamp for this request was 1000ms ahead of the server's time.",
    })
    const us = (await c.signed('account.status', KEYS.hmac, {}, kit.now * 1000 + 999_999)).status
    expect(us).toBe(200)
    const usAhead = await c.signed('account.status', KEYS.hmac, {}, kit.now * 1000 + 1_000_000)
    expect(usAhead.error?.code).toBe(-1021)
  })

  it('accepts a timestamp exactly recvWindow old and rejects one 1 ms older (default 5000)', async () => {
    expect((await status(undefined, -5000)).status).toBe(200)
    expect((await status(undefined, -5001)).error).toEqual({
      code: -1021,
      msg: 'Timestamp for this request is outside of the recvWindow.',
    })
    expect((await status(100, -100)).status).toBe(200)
    expect((await status(100, -101)).error?.code).toBe(-1021)
  })

  it('takes recvWindow up to 60000 with up to 3 decimals, and rejects more', async () => {
    expect((await status(60000, -60000)).status).toBe(200)
    expect((await status(60000, -60001)).error?.code).toBe(-1021)
    expect((await status(60001, 0)).error).toEqual({
      code: -1102,
      msg: "'recvWindow' contains unexpected value. Cannot be greater than 60000.",
    })
    expect((await status('60000.001', 0)).error?.code).toBe(-1102)
    expect((await status('0.5', 0)).status).toBe(200)
    const us = await c.signed('account.status', KEYS.hmac, { recvWindow: '0.5' }, kit.now * 1000 - 501)
    expect(us.error?.code).toBe(-1021)
    expect((await status('1.2345', 0)).error?.code).toBe(-1111)
    for (const bad of ['-1', 'abc', '1e3', true]) {
      expect((await status(bad, 0)).status, String(bad)).toBe(400)
    }
  })

  it('requires timestamp on every signed request, and places nothing on a timing failure', async () => {
    const noTs = { ...signedParams(KEYS.hmac, LIMIT_BUY, kit.now), timestamp: undefined }
    expect((await c.send('order.place', noTs)).error?.code).toBe(-1102)
    const late = await c.signed('order.place', KEYS.hmac, LIMIT_BUY, kit.now - 5001)
    expect(late.error?.code).toBe(-1021)
    const ahead = await c.signed('order.place', KEYS.hmac, LIMIT_BUY, kit.now + 1000)
    expect(ahead.error?.code).toBe(-1021)
    expect(await openOrders(KEYS.hmac)).toEqual([])
  })
})
