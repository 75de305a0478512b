// Cheap unique ids: a per-process random prefix plus a counter (no per-call randomness).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const prefix = Array.from(
  crypto.getRandomValues(new Uint8Array(10)),
  (b) => ALPHABET[b % ALPHABET.length],
).join('')
let counter = 0

/** A client order id unique across processes in practice: 10 random chars + base-36 counter (≤ 36 chars). */
export function newClientOrderId(): string {
  counter += 1
  return `x${prefix}${counter.toString(36)}`
}
