// The standard platform's signer errors: InvalidParameterError naming the option, with the reason and no key material.
import { generateKeyPairSync, webcrypto } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { InvalidParameterError } from './errors.js'
import { webPlatform } from './web-platform.js'

const thrown = (fn: () => unknown): InvalidParameterError => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidParameterError)
    return err as InvalidParameterError
  }
  throw new Error('did not throw')
}

describe('webPlatform.signer', () => {
  it('names privateKey for a key it cannot use, without quoting it', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const err = thrown(() => webPlatform.signer({ privateKey: pem }))
    expect(err.parameter).toBe('privateKey')
    expect(err.message).toBe('privateKey: unsupported key type; expected Ed25519 or RSA')
    expect(err.message).not.toContain(pem.split('\n')[1]?.slice(0, 12))
  })

  it('names the configured option when WebCrypto is missing (a page outside a secure context)', () => {
    vi.stubGlobal('crypto', { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) })
    try {
      expect(thrown(() => webPlatform.signer({ apiSecret: 's' })).message).toMatch(
        /^apiSecret: WebCrypto .* secure/,
      )
      const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      expect(thrown(() => webPlatform.signer({ privateKey: ed })).parameter).toBe('privateKey')
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('fails each signed call with InvalidParameterError when the runtime cannot import the key (no Ed25519)', async () => {
    const refuses = () => Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'))
    vi.stubGlobal('crypto', {
      subtle: { importKey: refuses },
      getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    })
    try {
      const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      const signer = webPlatform.signer({ privateKey: ed })
      expect(signer.keyType).toBe('ED25519')
      const err = await Promise.resolve(signer.sign('a=1')).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(InvalidParameterError)
      expect((err as Error).message).toBe(
        "privateKey: this runtime's WebCrypto cannot import the ED25519 key (NotSupportedError)",
      )
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('signs asynchronously with a usable key', async () => {
    const signer = webPlatform.signer({ apiSecret: 'secret' })
    expect(signer.keyType).toBe('HMAC')
    expect(await signer.sign('a=1')).toMatch(/^[0-9a-f]{64}$/)
  })
})
