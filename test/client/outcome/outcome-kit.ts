// Shared by the reconciliation tests: an emulator whose clock is the client's manual clock, two connections of
// one account (`conn` reconciles; `other` acts behind its back), and requests made to end "outcome unknown".
import { expect } from 'vitest'
import {
  BinanceError,
  type OrderOutcome,
  OutcomeUnknownError,
  SpotWebsocketAPI,
  type WebsocketAPIConnection,
} from '../../../src/client/index.js'
import { type Emulator, startEmulator } from '../../../src/emulator/index.js'
import { ManualTimers } from '../../support/manual-timers.js'

export interface OutcomeKit {
  ex: Emulator
  timers: ManualTimers
  /** The connection whose requests get lost and that reconciles them. */
  conn: WebsocketAPIConnection
  /** Another connection of the same account: what it does, `conn` has not seen. */
  other: WebsocketAPIConnection
  close(): Promise<void>
}

const SECRET = 'outcome-secret'

/** An emulator without liquidity on the client's manual clock, and two connections of account `ko`. */
export async function startOutcomeKit(): Promise<OutcomeKit> {
  const timers = new ManualTimers()
  const ex = await startEmulator({
    port: 0,
    liquidity: false,
    now: () => timers.now(),
    accounts: [{ apiKey: 'ko', hmacSecret: SECRET, balances: { USDT: '1000000', BTC: '100' } }],
  })
  const client = () =>
    new SpotWebsocketAPI({ wsURL: ex.url, apiKey: 'ko', apiSecret: SECRET, timers }).connect()
  const conn = await client()
  const other = await client()
  return {
    ex,
    timers,
    conn,
    other,
    close: async () => {
      await Promise.all([conn.disconnect(), other.disconnect()])
      await ex.close()
    },
  }
}

const GTC = { type: 'LIMIT', timeInForce: 'GTC' } as const
/** A resting BUY far below the reference price (60000). */
export const BID = { symbol: 'BTCUSDT', side: 'BUY', ...GTC, price: '50000.00', quantity: '0.00100' } as const

const ABOVE = { aboveType: 'LIMIT_MAKER', abovePrice: '61000.00' } as const
const BELOW = { belowType: 'STOP_LOSS_LIMIT', belowStopPrice: '59000.00', belowPrice: '58900.00' } as const
/** A SELL OCO around the reference price: both legs rest. */
export const OCO = {
  symbol: 'BTCUSDT',
  side: 'SELL',
  quantity: '0.1',
  ...ABOVE,
  ...BELOW,
  belowTimeInForce: 'GTC',
} as const

/** The OutcomeUnknownError `call` rejects with once the emulator answers -1007, after running it or not. */
export async function lost(
  k: OutcomeKit,
  method: string,
  executed: boolean,
  call: () => Promise<unknown>,
): Promise<OutcomeUnknownError> {
  k.ex.failNext({ method, executed })
  const err = await call().then(
    () => expect.unreachable(`${method} should have failed`),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(OutcomeUnknownError)
  expect((err as Error).cause).toBeInstanceOf(BinanceError)
  expect((err as Error).cause).toMatchObject({ code: -1007, status: 503 })
  return err as OutcomeUnknownError
}

/** `conn.resolveOrderOutcome(err)`, with the manual clock moved past the request's recvWindow. */
export function resolved(k: OutcomeKit, err: OutcomeUnknownError): Promise<OrderOutcome> {
  const answer = k.conn.resolveOrderOutcome(err)
  k.timers.advance(err.recvWindow + 1)
  return answer
}
