import { createHmac, createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSigner, createVerifier, signaturePayload } from './signing.js'

// The HMAC key pair and request examples of `spec/web-socket-api.md` › «SIGNED request example (HMAC)» (params in
// request order, not sorted).
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
const P = `apiKey=${API_KEY}`

interface Vector {
  id: string
  params: Record<string, unknown>
  payload: string
  signature: string
}

const order1 = {
  symbol: 'BTCUSDT',
  side: 'SELL',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.01000000',
  price: '52000.00',
  recvWindow: 100,
  timestamp: 1645423376532,
}
const order2 = {
  symbol: '１２３４５６',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '1.00000000',
  price: '0.10000000',
  recvWindow: 5000,
  timestamp: 1645423376532,
}
const order4 = {
  symbol: 'BTCUSDT',
  side: 'SELL',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '23416.10000000',
  quantity: '0.00847000',
  apiKey: API_KEY,
  timestamp: 1660801715431,
}
const range = { startTime: 1660780800000, endTime: 1660867200000 }

const HMAC_VECTORS: Vector[] = [
  {
    id: 'H1',
    params: { ...order1, apiKey: API_KEY },
    payload: `${P}&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT`,
    signature: 'aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24',
  },
  {
    id: 'H2',
    params: { ...order2, apiKey: API_KEY },
    payload: `${P}&price=0.10000000&quantity=1.00000000&recvWindow=5000&side=BUY&symbol=１２３４５６&timeInForce=GTC&timestamp=1645423376532&type=LIMIT`,
    signature: 'b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd',
  },
  {
    id: 'H3',
    params: { apiKey: API_KEY, timestamp: 1649729878532 },
    payload: `${P}&timestamp=1649729878532`,
    signature: '1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed',
  },
  {
    id: 'H4',
    params: order4,
    payload: `${P}&price=23416.10000000&quantity=0.00847000&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1660801715431&type=LIMIT`,
    signature: '15af09e41c36f3cc61378c2fbe2c33719a03dd5eba8d0f9206fbda44de717c88',
  },
  {
    id: 'H5',
    params: {
      symbol: 'BTCUSDT',
      origClientOrderId: '4d96324ff9d44481926157',
      apiKey: API_KEY,
      timestamp: 1660801715830,
    },
    payload: `${P}&origClientOrderId=4d96324ff9d44481926157&symbol=BTCUSDT&timestamp=1660801715830`,
    signature: '33d5b721f278ae17a52f004a82a6f68a70c68e7dd6776ed0be77a455ab855282',
  },
  {
    id: 'H6',
    params: {
      symbol: 'BTCUSDT',
      cancelReplaceMode: 'ALLOW_FAILURE',
      cancelOrigClientOrderId: '4d96324ff9d44481926157',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '23416.10000000',
      quantity: '0.00847000',
      apiKey: API_KEY,
      timestamp: 1660813156900,
    },
    payload: `${P}&cancelOrigClientOrderId=4d96324ff9d44481926157&cancelReplaceMode=ALLOW_FAILURE&price=23416.10000000&quantity=0.00847000&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1660813156900&type=LIMIT`,
    signature: '7028fdc187868754d25e42c37ccfa5ba2bab1d180ad55d4c3a7e2de643943dc5',
  },
  {
    id: 'H7',
    params: { symbol: 'BTCUSDT', apiKey: API_KEY, timestamp: 1660805557200 },
    payload: `${P}&symbol=BTCUSDT&timestamp=1660805557200`,
    signature: '773f01b6e3c2c9e0c1d217bc043ce383c1ddd6f0e25f8d6070f2b66a6ceaf3a5',
  },
  {
    id: 'H8',
    params: {
      symbol: 'BTCUSDT',
      side: 'SELL',
      price: '23420.00000000',
      quantity: '0.00650000',
      stopPrice: '23410.00000000',
      stopLimitPrice: '23405.00000000',
      stopLimitTimeInForce: 'GTC',
      newOrderRespType: 'RESULT',
      apiKey: API_KEY,
      timestamp: 1660801713767,
    },
    payload: `${P}&newOrderRespType=RESULT&price=23420.00000000&quantity=0.00650000&side=SELL&stopLimitPrice=23405.00000000&stopLimitTimeInForce=GTC&stopPrice=23410.00000000&symbol=BTCUSDT&timestamp=1660801713767`,
    signature: '6689c2a36a639ff3915c2904871709990ab65f3c7a9ff13857558fd350315c35',
  },
  {
    id: 'H9',
    params: { apiKey: API_KEY, timestamp: 1660801839480 },
    payload: `${P}&timestamp=1660801839480`,
    signature: '83303b4a136ac1371795f465808367242685a9e3a42b22edb4d977d0696eb45c',
  },
  {
    id: 'H10',
    params: { symbol: 'BTCUSDT', orderId: 12569099453, apiKey: API_KEY, timestamp: 1660801720951 },
    payload: `${P}&orderId=12569099453&symbol=BTCUSDT&timestamp=1660801720951`,
    signature: '2c3aab5a078ee4ea465ecd95523b77289f61476c2f238ec10c55ea6cb11a6f35',
  },
  {
    id: 'H11',
    params: { symbol: 'BTCUSDT', apiKey: API_KEY, timestamp: 1660813156812 },
    payload: `${P}&symbol=BTCUSDT&timestamp=1660813156812`,
    signature: 'd632b3fdb8a81dd44f82c7c901833309dd714fe508772a89b0a35b0ee0c48b89',
  },
  {
    id: 'H12',
    params: { symbol: 'BTCUSDT', ...range, limit: 5, apiKey: API_KEY, timestamp: 1661955123341 },
    payload: `${P}&endTime=1660867200000&limit=5&startTime=1660780800000&symbol=BTCUSDT&timestamp=1661955123341`,
    signature: 'f50a972ba7fad92842187643f6b930802d4e20bce1ba1e788e856e811577bd42',
  },
  {
    id: 'H13',
    params: { apiKey: API_KEY, timestamp: 1660801713831 },
    payload: `${P}&timestamp=1660801713831`,
    signature: '1bea8b157dd78c3da30359bddcd999e4049749fe50b828e620e12f64e8b433c9',
  },
  {
    id: 'H14',
    params: { ...range, limit: 5, apiKey: API_KEY, timestamp: 1661955123341 },
    payload: `${P}&endTime=1660867200000&limit=5&startTime=1660780800000&timestamp=1661955123341`,
    signature: 'c8e1484db4a4a02d0e84dfa627eb9b8298f07ebf12fcc4eaf86e4a565b2712c2',
  },
  {
    id: 'H15',
    params: { symbol: 'BTCUSDT', ...range, apiKey: API_KEY, timestamp: 1661955125250 },
    payload: `${P}&endTime=1660867200000&startTime=1660780800000&symbol=BTCUSDT&timestamp=1661955125250`,
    signature: 'c5a5ffb79fd4f2e10a92f895d488943a57954edf5933bde3338dfb6ea6d6eefc',
  },
  {
    id: 'H16',
    params: { apiKey: API_KEY, timestamp: 1660801839500 },
    payload: `${P}&timestamp=1660801839500`,
    signature: '76289424d6e288f4dc47d167ac824e859dabf78736f4348abbbac848d719eb94',
  },
]

const RSA_KEY = 'CAvIjXy3F44yW6Pou5k8Dy1swsYDWJZLeoK2r8G4cFDnE9nosRppc2eKc1T8TRTQ'
const ED_KEY = '4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO'
const tail1 =
  '&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT'
const tail2 =
  '&price=0.10000000&quantity=1.00000000&recvWindow=5000&side=BUY&symbol=１２３４５６&timeInForce=GTC&timestamp=1645423376532&type=LIMIT'
const ASYMMETRIC_PAYLOADS = [
  { id: 'R1', params: { ...order1, apiKey: RSA_KEY }, payload: `apiKey=${RSA_KEY}${tail1}` },
  { id: 'R2', params: { ...order2, apiKey: RSA_KEY }, payload: `apiKey=${RSA_KEY}${tail2}` },
  { id: 'E1', params: { ...order1, apiKey: ED_KEY }, payload: `apiKey=${ED_KEY}${tail1}` },
  { id: 'E2', params: { ...order2, apiKey: ED_KEY }, payload: `apiKey=${ED_KEY}${tail2}` },
]

const hmacSigner = createSigner({ apiSecret: SECRET })
const hmacVerifier = createVerifier({ hmacSecret: SECRET })

describe('HMAC vectors H1–H16', () => {
  it('has all 16 vectors', () => {
    expect(HMAC_VECTORS.map((v) => v.id)).toEqual(Array.from({ length: 16 }, (_, i) => `H${i + 1}`))
  })

  for (const v of HMAC_VECTORS) {
    it(`${v.id}: payload and signature`, () => {
      const payload = signaturePayload(v.params)
      expect(payload).toBe(v.payload)
      expect(hmacSigner.keyType).toBe('HMAC')
      expect(hmacSigner.sign(payload)).toBe(v.signature)
      expect(hmacVerifier.verify(payload, v.signature)).toBe(true)
    })
  }

  it('matches an independent HMAC over the UTF-8 bytes (H2, non-ASCII)', () => {
    const v = HMAC_VECTORS[1]!
    const bytes = Buffer.from(v.payload, 'utf8')
    expect(createHmac('sha256', SECRET).update(bytes).digest('hex')).toBe(v.signature)
  })
})

describe('signaturePayload', () => {
  it('builds the RSA and Ed25519 payloads R1, R2, E1, E2', () => {
    for (const v of ASYMMETRIC_PAYLOADS) expect(signaturePayload(v.params), v.id).toBe(v.payload)
  })

  it('ignores key order, `signature` and undefined values', () => {
    const v = HMAC_VECTORS[0]!
    const reversed = Object.fromEntries(Object.entries(v.params).reverse())
    expect(signaturePayload(reversed)).toBe(v.payload)
    expect(signaturePayload({ ...v.params, signature: v.signature, newClientOrderId: undefined })).toBe(
      v.payload,
    )
  })

  it('renders arrays and objects as their JSON, even an object whose toString is not a function', () => {
    expect(signaturePayload({ symbols: ['BTCUSDT', 'ETHUSDT'], foo: { toString: [] } })).toBe(
      'foo={"toString":[]}&symbols=["BTCUSDT","ETHUSDT"]',
    )
  })

  it('sorts by code point (uppercase before lowercase) and does not percent-encode', () => {
    expect(signaturePayload({ b: 1, a: 'x y&z', B: true })).toBe('B=true&a=x y&z&b=1')
  })
})

describe('HMAC verification', () => {
  const v = HMAC_VECTORS[0]!

  it('accepts the signature in any letter case', () => {
    expect(hmacVerifier.verify(v.payload, v.signature.toUpperCase())).toBe(true)
  })

  it('rejects a wrong signature, a tampered payload, a short or non-hex signature', () => {
    const flipped = (v.signature[0] === 'a' ? 'b' : 'a') + v.signature.slice(1)
    expect(hmacVerifier.verify(v.payload, flipped)).toBe(false)
    expect(hmacVerifier.verify(v.payload.replace('SELL', 'BUY'), v.signature)).toBe(false)
    expect(hmacVerifier.verify(v.payload, v.signature.slice(2))).toBe(false)
    expect(hmacVerifier.verify(v.payload, `zz${v.signature.slice(2)}`)).toBe(false)
  })

  it('rejects the spec example signatures that are documented doc errors', () => {
    const payload = signaturePayload({
      symbol: 'BTCUSDT',
      orderListId: 1274512,
      apiKey: API_KEY,
      timestamp: 1660801720210,
    })
    expect(
      hmacVerifier.verify(payload, '4973f4b2fee30bf6d45e4a973e941cc60fdd53c8dd5a25edeac96f5733c0ccee'),
    ).toBe(false)
  })
})

describe('asymmetric keys', () => {
  const payload = HMAC_VECTORS[1]!.payload

  for (const type of ['rsa', 'ed25519'] as const) {
    describe(type, () => {
      const { privateKey, publicKey } =
        type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519')
      const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
      const keyType = type === 'rsa' ? 'RSA' : 'ED25519'

      it('signs (base64) and verifies round trip from PEM strings', () => {
        const signer = createSigner({ privateKey: privatePem })
        const verifier = createVerifier({ publicKey: publicPem })
        expect(signer.keyType).toBe(keyType)
        expect(verifier.keyType).toBe(keyType)
        const sig = signer.sign(payload)
        expect(sig).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
        expect(Buffer.from(sig, 'base64').length).toBe(type === 'rsa' ? 256 : 64)
        expect(verifier.verify(payload, sig)).toBe(true)
      })

      it('accepts KeyObject and Buffer inputs', () => {
        const sig = createSigner({ privateKey }).sign(payload)
        expect(createVerifier({ publicKey }).verify(payload, sig)).toBe(true)
        const sig2 = createSigner({ privateKey: Buffer.from(privatePem) }).sign(payload)
        expect(createVerifier({ publicKey: Buffer.from(publicPem) }).verify(payload, sig2)).toBe(true)
      })

      it('accepts PEMs copied indented (a banner, a YAML file), as text or bytes, with CRLF', () => {
        const indent = (pem: string) =>
          pem
            .trim()
            .split('\n')
            .map((line) => `    ${line}\r`)
            .join('\n')
        const verifier = createVerifier({ publicKey: indent(publicPem) })
        for (const privateKey of [indent(privatePem), Buffer.from(indent(privatePem))]) {
          expect(verifier.verify(payload, createSigner({ privateKey }).sign(payload))).toBe(true)
        }
      })

      it('fails on a tampered payload or signature', () => {
        const sig = createSigner({ privateKey: privatePem }).sign(payload)
        const verifier = createVerifier({ publicKey: publicPem })
        expect(verifier.verify(`${payload}&x=1`, sig)).toBe(false)
        const bytes = Buffer.from(sig, 'base64')
        bytes[0] = (bytes[0] ?? 0) ^ 1
        expect(verifier.verify(payload, bytes.toString('base64'))).toBe(false)
        expect(verifier.verify(payload, 'not base64!')).toBe(false)
      })

      it('loads an encrypted PEM with its passphrase, and refuses it without', () => {
        const encrypted = privateKey
          .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' })
          .toString()
        expect(encrypted).toContain('ENCRYPTED')
        const sig = createSigner({ privateKey: encrypted, passphrase: 'hunter2' }).sign(payload)
        expect(createVerifier({ publicKey: publicPem }).verify(payload, sig)).toBe(true)
        expect(() => createSigner({ privateKey: encrypted, passphrase: 'wrong' })).toThrow()
        expect(() => createSigner({ privateKey: encrypted })).toThrow()
      })
    })
  }

  it('keeps the blank line that ends an encrypted PEM’s headers when it takes the indentation off', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const legacy = privateKey
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' })
      .toString()
    expect(legacy).toContain('Proc-Type: 4,ENCRYPTED')
    const indented = legacy.replace(/^/gm, '  ')
    const sig = createSigner({ privateKey: indented, passphrase: 'hunter2' }).sign(payload)
    expect(createVerifier({ publicKey }).verify(payload, sig)).toBe(true)
  })

  it('signs an RFC 8032 Ed25519 test vector (test 1, empty message)', () => {
    const b64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url')
    const privateKey = createPrivateKey({
      format: 'jwk',
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: b64url('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
        x: b64url('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
      },
    })
    const expected =
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
    expect(Buffer.from(createSigner({ privateKey }).sign(''), 'base64').toString('hex')).toBe(expected)
  })

  it('rejects unsupported key types', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    expect(() => createSigner({ privateKey: ec.privateKey })).toThrow(/unsupported key type 'ec'/)
    expect(() => createVerifier({ publicKey: ec.publicKey })).toThrow(/unsupported key type 'ec'/)
    const ed448 = generateKeyPairSync('ed448')
    expect(() => createSigner({ privateKey: ed448.privateKey })).toThrow(/unsupported key type/)
  })
})
