// PEM private keys as WebCrypto imports them: PKCS#8 DER, its algorithm read from the DER (no crypto library).
import type { KeyType } from './signature-payload.js'

/** A private key ready for `crypto.subtle.importKey('pkcs8', …)`. */
export interface Pkcs8Key {
  keyType: Exclude<KeyType, 'HMAC'>
  der: Uint8Array<ArrayBuffer>
}

/** OID 1.3.101.112, Ed25519. */
const ED25519 = [0x06, 0x03, 0x2b, 0x65, 0x70]
/** OID 1.2.840.113549.1.1.1, rsaEncryption. */
const RSA = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\s]*)-----END \1-----/

/** Reads a PEM private key (PKCS#8, or PKCS#1 for RSA); throws TypeError, quoting no key material, otherwise. */
export function pkcs8FromPem(pem: string): Pkcs8Key {
  const m = PEM.exec(pem)
  if (!m) throw new TypeError('privateKey: not a PEM private key (no -----BEGIN … KEY----- block)')
  const label = m[1] as string
  let der: Uint8Array<ArrayBuffer>
  try {
    der = Uint8Array.from(atob((m[2] as string).replace(/\s+/g, '')), (c) => c.charCodeAt(0))
  } catch {
    throw new TypeError(`privateKey: the ${label} block is not valid base64`)
  }
  if (label === 'RSA PRIVATE KEY') return { keyType: 'RSA', der: wrapPkcs1(der) }
  if (label === 'ENCRYPTED PRIVATE KEY') {
    throw new TypeError(
      'privateKey: an encrypted key cannot be imported by WebCrypto; decrypt it first (openssl pkcs8 -nocrypt) or pass a CryptoKey',
    )
  }
  if (label !== 'PRIVATE KEY')
    throw new TypeError(`privateKey: a ${label} is not an Ed25519 or RSA private key`)
  const oid = algorithmOid(der)
  if (oid && same(oid, ED25519)) return { keyType: 'ED25519', der }
  if (oid && same(oid, RSA)) return { keyType: 'RSA', der }
  throw new TypeError('privateKey: unsupported key type; expected Ed25519 or RSA')
}

const same = (a: Uint8Array, b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** A DER element's header at `at`: where its content starts and how long it is; undefined when malformed. */
function header(der: Uint8Array, at: number): { tag: number; start: number; length: number } | undefined {
  const tag = der[at]
  let length = der[at + 1]
  if (tag === undefined || length === undefined) return undefined
  let start = at + 2
  if (length >= 0x80) {
    const n = length & 0x7f
    if (n === 0 || n > 4) return undefined
    length = 0
    for (let i = 0; i < n; i++) length = length * 256 + (der[start + i] ?? 0)
    start += n
  }
  return start + length <= der.length ? { tag, start, length } : undefined
}

/** The OID element (tag, length and value) of a PrivateKeyInfo's algorithm: SEQUENCE { INTEGER, SEQUENCE { OID … } … }. */
function algorithmOid(der: Uint8Array): Uint8Array | undefined {
  const info = header(der, 0)
  if (info?.tag !== 0x30) return undefined
  const version = header(der, info.start)
  if (version?.tag !== 0x02) return undefined
  const algorithm = header(der, version.start + version.length)
  if (algorithm?.tag !== 0x30) return undefined
  const oid = header(der, algorithm.start)
  if (oid?.tag !== 0x06) return undefined
  return der.subarray(algorithm.start, oid.start + oid.length)
}

/** DER length octets. */
function derLength(n: number): number[] {
  if (n < 0x80) return [n]
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256)
  return [0x80 | bytes.length, ...bytes]
}

/** PKCS#1 RSAPrivateKey → PKCS#8: SEQUENCE { INTEGER 0, SEQUENCE { rsaEncryption, NULL }, OCTET STRING { key } }. */
function wrapPkcs1(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  const body = [0x02, 0x01, 0x00, 0x30, 0x0d, ...RSA, 0x05, 0x00, 0x04, ...derLength(pkcs1.length)]
  const head = [0x30, ...derLength(body.length + pkcs1.length)]
  const out = new Uint8Array(head.length + body.length + pkcs1.length)
  out.set(head)
  out.set(body, head.length)
  out.set(pkcs1, head.length + body.length)
  return out
}
