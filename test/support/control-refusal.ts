// Refused control calls: over HTTP 400 INVALID_PARAM whose message starts with the param's name, in-process a
// ControlParamError with the same message; and the venue's state, to show a refusal changed nothing.
import { expect } from 'vitest'
import { ControlParamError } from '../../src/emulator/index.js'
import { controlCall } from './control-call.js'
import { perFile, startExchange, T0, type TestExchange } from './exchange.js'

/** `POST /control/<route>` with `params` answers 400 INVALID_PARAM, its message starting with `prefix`. */
export async function expectInvalidParam(
  k: TestExchange,
  route: string,
  params: unknown,
  prefix: string,
): Promise<void> {
  const { status, body } = await controlCall(k, route, params)
  const msg = body.error?.msg ?? JSON.stringify(body)
  const seen = { route, params, status, code: body.error?.code, msg: msg.slice(0, prefix.length) }
  expect(seen).toEqual({ route, params, status: 400, code: 'INVALID_PARAM', msg: prefix })
}

/** `call` throws a ControlParamError (a TypeError) whose message starts with `prefix`. */
export function expectParamError(call: () => unknown, prefix: string): void {
  let thrown: unknown
  try {
    call()
  } catch (err) {
    thrown = err
  }
  expect(thrown).toBeInstanceOf(ControlParamError)
  expect(thrown).toBeInstanceOf(TypeError)
  expect((thrown as Error).message.slice(0, prefix.length)).toBe(prefix)
}

/** What a refused call must leave as it was: the keys, every key's balances, the clock. */
export async function venueState(k: TestExchange): Promise<unknown> {
  const accounts = (await controlCall(k, 'accounts')).body.result as { apiKey: string }[]
  const balances = await Promise.all(
    accounts.map(async ({ apiKey }) => {
      const status = await controlCall(k, 'query', { method: 'account.status', apiKey })
      return (status.body.result as { balances: unknown }).balances
    }),
  )
  return { accounts, balances, now: (await controlCall(k, 'clock/now')).body.result }
}

/** The venue the refusal tests call: control on, one HMAC account `k1` with 1000 USDT, a clock that stays put. */
export const refusalVenue = (): TestExchange =>
  perFile(() =>
    startExchange({
      clock: T0,
      control: true,
      accounts: [{ apiKey: 'k1', key: 'hmac', balances: { USDT: '1000' } }],
    }),
  )
