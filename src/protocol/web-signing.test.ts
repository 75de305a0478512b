// The WebCrypto signer gives the signatures node:crypto gives (HMAC hex; RSA PKCS#1 v1.5 and Ed25519 base64 are
// deterministic), from every key form a browser user has: PEM text or bytes (PKCS#8, PKCS#1) and CryptoKeys.
import { generateKeyPairSync, webcrypto } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { createSigner } from './signing.js'
import { createWebSigner } from './web-signing.js'

// `spec/web-socket-api.md` › «SIGNED request example (HMAC)»: key, payload and signature (vector H3 of signing.test.ts).
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
const H3_PAYLOAD =
  'apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&timestamp=1649729878532'
const H3_SIGNATURE = '1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed'
const PAYLOAD = 'price=0.10000000&quantity=1&symbol=１２３４５６&timestamp=1645423376532'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ed = generateKeyPairSync('ed25519')
const pem = (key: typeof rsa.privateKey, type: 'pkcs8' | 'pkcs1') =>
  key.export({ type, format: 'pem' }).toString()

describe('createWebSigner', () => {
  it('HMAC: the spec example signature, and node:crypto’s over a non-ASCII payload', async () => {
    const signer = createWebSigner({ apiSecret: SECRET })
    expect(signer.keyType).toBe('HMAC')
    expect(await signer.sign(H3_PAYLOAD)).toBe(H3_SIGNATURE)
    expect(await signer.sign(PAYLOAD)).toBe(createSigner({ apiSecret: SECRET }).sign(PAYLOAD))
  })

  for (const [kind, key] of [
    ['ED25519', ed.privateKey],
    ['RSA', rsa.privateKey],
  ] as const) {
    it(`${kind}: PKCS#8 PEM as text and as bytes sign as node:crypto does`, async () => {
      const expected = createSigner({ privateKey: key }).sign(PAYLOAD)
      const text = pem(key, 'pkcs8')
      const signer = createWebSigner({ privateKey: text })
      expect(signer.keyType).toBe(kind)
      expect(await signer.sign(PAYLOAD)).toBe(expected)
      expect(await createWebSigner({ privateKey: new TextEncoder().encode(text) }).sign(PAYLOAD)).toBe(
        expected,
      )
    })
  }

  it('RSA: a PKCS#1 PEM (BEGIN RSA PRIVATE KEY) is wrapped into PKCS#8', async () => {
    const signer = createWebSigner({ privateKey: pem(rsa.privateKey, 'pkcs1') })
    expect(signer.keyType).toBe('RSA')
    expect(await signer.sign(PAYLOAD)).toBe(createSigner({ privateKey: rsa.privateKey }).sign(PAYLOAD))
  })

  it('takes a private CryptoKey, even a non-extractable one', async () => {
    const pair = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as {
      privateKey: webcrypto.CryptoKey
      publicKey: webcrypto.CryptoKey
    }
    const signer = createWebSigner({ privateKey: pair.privateKey })
    expect(signer.keyType).toBe('ED25519')
    const signature = Uint8Array.from(atob(await signer.sign(PAYLOAD)), (c) => c.charCodeAt(0))
    const data = new TextEncoder().encode(PAYLOAD)
    expect(await webcrypto.subtle.verify('Ed25519', pair.publicKey, signature, data)).toBe(true)
    expect(() => createWebSigner({ privateKey: pair.publicKey })).toThrow(/a public CryptoKey cannot sign/)
  })

  it('refuses what it cannot read at once, quoting no key material', () => {
    const encrypted = ed.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' })
      .toString()
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const spki = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const cases: [string, RegExp][] = [
      [encrypted, /encrypted key cannot be imported by WebCrypto/],
      [pem(ec.privateKey, 'pkcs8'), /unsupported key type; expected Ed25519 or RSA/],
      [spki, /a PUBLIC KEY is not an Ed25519 or RSA private key/],
      ['not a key', /not a PEM private key/],
      ['-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----', /not a PEM private key/],
      ['-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', /unsupported key type/],
    ]
    for (const [text, message] of cases) {
      let err: unknown
      try {
        createWebSigner({ privateKey: text })
      } catch (e) {
        err = e
      }
      expect(err, text.slice(0, 30)).toBeInstanceOf(TypeError)
      expect((err as Error).message).toMatch(message)
      expect((err as Error).message).not.toContain(text.split('\n')[1]?.slice(0, 16) || '\u0000')
    }
  })

  it('says why when WebCrypto is missing (a browser page outside a secure context)', () => {
    // There `crypto` exists (getRandomValues) but `crypto.subtle` is undefined.
    vi.stubGlobal('crypto', { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) })
    try {
      expect(() => createWebSigner({ apiSecret: SECRET })).toThrow(
        /secure contexts \(https:\/\/ or localhost\)/,
      )
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('reports a key the runtime’s WebCrypto refuses on sign, not as an unhandled rejection', async () => {
    const refusing = {
      importKey: () => Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')),
    } as unknown as typeof webcrypto.subtle
    const signer = createWebSigner({ privateKey: pem(ed.privateKey, 'pkcs8') }, refusing)
    await expect(signer.sign(PAYLOAD)).rejects.toThrow(
      "privateKey: this runtime's WebCrypto cannot import the ED25519 key (NotSupportedError)",
    )
  })
})
