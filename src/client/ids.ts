// Cheap unique ids: a per-process random prefix plus a counter (no per-call randomness).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** Drawn at the first id, not at import: Worker runtimes refuse random values outside a request's handling. */
let prefix: string | undefined
let counter = 0

/** A client order id unique across processes in practice: 10 random chars + base-36 counter (≤ 36 chars). */
export function newClientOrderId(): string {
  prefix ??= Array.from(
    crypto.getRandomValues(new Uint8Array(10)),
    (b) => ALPHABET[b % ALPHABET.length],
  ).join('')
  counter += 1
  return `x${prefix}${counter.toString(36)}`
}
