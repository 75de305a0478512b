// Shared by the SOR end-to-end tests: a frozen-clock emulator with HMAC accounts, user data event logs that wait
// for the next matching event, and the spec's executionReport key order.
import { BinanceError, SpotWebsocketAPI, type WebsocketAPIConnection } from '../../src/client/index.js'
import type { UserDataStream } from '../../src/client/user-data-stream.js'
import { type AccountOptions, type Emulator, startEmulator } from '../../src/emulator/index.js'
import type { UserDataEvent } from '../../src/protocol/events.js'

export const T0 = 1_700_000_000_000
export const ZERO = { maker: '0', taker: '0', buyer: '0', seller: '0' }

/** The always-present executionReport keys in the spec's order (DIGEST 3.14.3). */
export const BASE_KEYS = 'e E s c S o f q p P F g C x X r i l z L n N T t I w m M O Z Y Q W V'.split(' ')

/** Every event of one user data stream, and a wait for the next ones up to one that matches. */
export class Events {
  readonly log: UserDataEvent[] = []
  private seen = 0
  private wake: (() => void) | undefined

  constructor(stream: UserDataStream) {
    stream.on('*', (e) => {
      this.log.push(e)
      this.wake?.()
    })
  }

  /** The events since the last call, up to and including the next one `last` accepts. */
  async until(last: (e: UserDataEvent) => boolean): Promise<UserDataEvent[]> {
    for (;;) {
      const i = this.log.findIndex((e, j) => j >= this.seen && last(e))
      if (i >= 0) {
        const out = this.log.slice(this.seen, i + 1)
        this.seen = i + 1
        return out
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
    }
  }

  /** The events since the last call, up to and including the next `outboundAccountPosition`. */
  untilPosition(): Promise<UserDataEvent[]> {
    return this.until((e) => e.e === 'outboundAccountPosition')
  }
}

/** The `{code, msg}` a call rejects with; throws if it resolves or fails otherwise. */
export async function rejection(p: Promise<unknown>): Promise<{ code: number; msg: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof BinanceError)) throw new Error(`expected a BinanceError, got ${String(e)}`)
  return { code: e.code, msg: e.msg }
}

/** An emulator at T0 without synthetic liquidity; each account is HMAC with secret `s`. Returns a connector. */
type HmacAccount = Extract<AccountOptions, { hmacSecret: string }>

export async function startSorEmulator(accounts: Omit<HmacAccount, 'hmacSecret' | 'publicKey'>[]): Promise<{
  ex: Emulator
  open: (apiKey: string) => Promise<WebsocketAPIConnection>
}> {
  const ex = await startEmulator({
    port: 0,
    now: () => T0,
    liquidity: false,
    accounts: accounts.map((a): HmacAccount => ({ ...a, hmacSecret: 's' })),
  })
  const open = (apiKey: string) =>
    new SpotWebsocketAPI({ wsURL: ex.url, apiKey, apiSecret: 's', syncClock: false }).connect()
  return { ex, open }
}
