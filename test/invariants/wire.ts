// The model suite's way into the emulator's request handlers: signed requests dispatched in process
// on the model world's exchange and user streams (cancel-replace, order lists, trades queries).
import { type DispatchEnv, dispatch } from '../../src/emulator/api/dispatch.js'
import { WeightCounter } from '../../src/emulator/api/limits/weight-counter.js'
import type { UserStreams } from '../../src/emulator/api/user-streams.js'
import type { Exchange } from '../../src/emulator/exchange/exchange.js'
import { REQUEST_WEIGHT_RULE } from '../../src/emulator/exchange/limits/rules.js'
import { createSigner, type Signer, signaturePayload } from '../../src/protocol/signing.js'
import { type Frame, RecordingConnection } from '../support/dispatch-harness.js'

/** A response: the result (status 200) or the error, with its data. */
export type Answer =
  | { readonly ok: true; readonly result: Record<string, unknown> }
  | {
      readonly ok: false
      readonly status: number
      readonly code: number
      readonly msg: string
      readonly data?: Record<string, unknown> | undefined
    }

export class Wire {
  private readonly env: DispatchEnv
  private readonly connection: RecordingConnection
  private readonly signers = new Map<number, Signer>()
  private nextId = 1
  now: number

  /** Accounts `id` have apiKey `k<id>` and HMAC secret `s<id>`. */
  constructor(exchange: Exchange, streams: UserStreams, accounts: readonly number[], now: number) {
    this.now = now
    this.env = {
      exchange,
      // A fresh address per run; the weight limit is not what this suite tests.
      weights: new WeightCounter({ ...REQUEST_WEIGHT_RULE, limit: 1_000_000 }),
      streams,
      clock: () => this.now,
    }
    this.connection = new RecordingConnection('127.0.0.9', now)
    for (const id of accounts) this.signers.set(id, createSigner({ apiSecret: `s${id}` }))
  }

  /** Sends a signed request as account `who` (unsigned when undefined); the response, events aside. */
  call(method: string, params: Record<string, unknown>, who?: number): Answer {
    let p: Record<string, unknown> = params
    if (who !== undefined) {
      p = { ...params, apiKey: `k${who}`, timestamp: this.now }
      p = { ...p, signature: (this.signers.get(who) as Signer).sign(signaturePayload(p)) }
    }
    const from = this.connection.frames.length
    dispatch(this.env, this.connection, JSON.stringify({ id: `m${this.nextId++}`, method, params: p }))
    const response = this.connection.frames[from] as Frame
    this.connection.frames.length = 0
    if (response['status'] === 200) return { ok: true, result: response['result'] as Record<string, unknown> }
    const e = response['error'] as { code: number; msg: string; data?: Record<string, unknown> }
    return { ok: false, status: response['status'] as number, code: e.code, msg: e.msg, data: e.data }
  }
}

/** `units` of 10^-scale as a decimal string. */
export function decimal(units: number, scale: number): string {
  const s = String(units).padStart(scale + 1, '0')
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`
}
