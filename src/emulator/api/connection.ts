// One client connection's state: its session key, its user data subscriptions, its defaults.
import type { Account } from '../exchange/account.js'

/** A user data stream subscription of this connection. */
export interface Subscription {
  readonly id: number
  readonly account: Account
  /** Made by `userDataStream.subscribe` on the logged-on session (ended by logout). */
  readonly viaSession: boolean
}

export class Connection {
  /** The key authenticated by `session.logon`. */
  session: { readonly account: Account; readonly since: number } | undefined = undefined
  readonly subscriptions = new Map<number, Subscription>()
  /** Subscriptions opened over the connection's life; ids are never reused. */
  subscriptionsOpened = 0

  constructor(
    /** The peer's address: REQUEST_WEIGHT is counted per IP. */
    readonly ip: string,
    readonly connectedSince: number,
    /** The `returnRateLimits` URL parameter: the default of every request. */
    readonly returnRateLimits: boolean,
    readonly send: (text: string) => void,
  ) {}
}
