// A conformance file's proof that its worker reached only loopback: the guard refuses raw TCP, `fetch` and
// `node:http` to another host, and after the file every connection attempt went to loopback but those refusals.
import { request } from 'node:http'
import { Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { attempts, isLoopback } from './loopback-guard.js'

/** TEST-NET-1 (RFC 5737), never routed: the guard refuses it before a packet could leave. */
const ELSEWHERE = '192.0.2.1'

/** Registers the refusal tests and the final check of every attempt; the guard must be installed in `beforeAll`. */
export function loopbackChecks(): void {
  let refusals = 0
  describe('loopback guard', () => {
    it('refuses a raw TCP connection to a non-loopback host', () => {
      refusals++
      expect(() => new Socket().connect(443, ELSEWHERE).destroy()).toThrow(/loopback guard/)
    })
    it('refuses fetch (undici, as ccxt uses it) to a non-loopback host', async () => {
      refusals++
      const err = await fetch(`http://${ELSEWHERE}/api/v3/time`).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect((err as Error | undefined)?.cause).toMatchObject({
        message: expect.stringMatching(/loopback guard/),
      })
    })
    it('refuses node:http (as node-fetch and binance-api-node use it) to a non-loopback host', () => {
      refusals++
      expect(() => request(`http://${ELSEWHERE}/api/v3/time`).destroy()).toThrow(/loopback guard/)
    })
  })
  afterAll(() => {
    expect(attempts.filter((h) => !isLoopback(h))).toEqual(Array(refusals).fill(ELSEWHERE))
    expect(attempts.length).toBeGreaterThan(refusals)
  })
}
