// No secret, private key or signature ever reaches a log (stdout, stderr, console) or a response,
// on accepted and rejected requests alike.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { HMAC_SECRET, signedParams } from '../support/keys.js'
import { KEYS, type Kit, LIMIT_BUY, PRIVATE_PEMS, securityKit } from './security-kit.js'

let kit: Kit
const written: string[] = []
const restore: (() => void)[] = []

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream)
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk))
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest)
    }) as typeof stream.write
    restore.push(() => {
      stream.write = original
    })
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const spy = vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      written.push(args.map(String).join(' '))
    })
    restore.push(() => spy.mockRestore())
  }
  kit = await securityKit()
})

afterAll(async () => {
  await kit.close()
  for (const r of restore) r()
})

describe('security: no secrets in logs or responses', () => {
  it('writes no secret, key or signature anywhere while serving good and bad requests', async () => {
    const c = await kit.open()
    const signatures: string[] = []
    const frames: string[] = []
    c.raw.sendText('not json')
    for (const key of [KEYS.hmac, KEYS.ed, KEYS.rsa]) {
      const good = signedParams(key, LIMIT_BUY, kit.now)
      const bad = { ...signedParams(key, { ...LIMIT_BUY, price: '1.00' }, kit.now), quantity: 'x' }
      const forged = { ...signedParams(key, LIMIT_BUY, kit.now), side: 'SELL' }
      const stale = signedParams(key, LIMIT_BUY, kit.now - 70_000)
      for (const params of [good, bad, forged, stale]) {
        signatures.push(params.signature)
        frames.push(JSON.stringify(await c.send('order.place', params)))
      }
      frames.push(JSON.stringify(await c.signed('session.logon', key)))
    }
    await c.raw.request('ping')
    const secrets = [HMAC_SECRET, 's-trade', 's-read', ...PRIVATE_PEMS, ...signatures]
    const pemBodies = PRIVATE_PEMS.map((p) => p.split('\n')[1] as string)
    for (const text of [...written, ...frames]) {
      for (const s of [...secrets, ...pemBodies])
        expect(text.includes(s), `leaked ${s.slice(0, 12)}…`).toBe(false)
    }
    expect(frames.some((f) => f.includes('-1022'))).toBe(true)
    expect(frames.some((f) => f.includes('-1021'))).toBe(true)
  })

  it('the check can fail: a written signature is found', () => {
    const sig = signedParams(KEYS.hmac, {}, kit.now).signature
    console.log(`debug ${sig}`)
    expect(written.some((w) => w.includes(sig))).toBe(true)
  })
})
