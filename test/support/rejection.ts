// What a call that should fail failed with: one place to unwrap the client's errors in tests.
import { expect } from 'vitest'
import { BinanceError, RateLimitedError } from '../../src/client/index.js'

/** The error `p` rejects with; fails the test if it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  return p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`)
    },
    (e: unknown) => e as Error,
  )
}

/** The server's error answer to `p` (for a 429/418, the BinanceError behind the RateLimitedError); fails otherwise. */
export async function rejection(p: Promise<unknown>): Promise<BinanceError> {
  const e = await rejectionOf(p)
  const answer = e instanceof RateLimitedError ? e.cause : e
  expect(answer).toBeInstanceOf(BinanceError)
  return answer as BinanceError
}

/** 'resolved', or what `p` rejects with: for a check that accepts either outcome. */
export function settled(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'resolved',
    (e: unknown) => e,
  )
}

/** The `{code, msg, status}` of a -2010 rejection with `msg`. */
export const rejected = (msg: string) => ({ code: -2010, msg, status: 400 })
