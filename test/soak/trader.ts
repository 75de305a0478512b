// One account's trading in the soak: each step draws an operation; unknown outcomes are reconciled in the
// background with `resolveOrderOutcome`, as a careful user would.
import type { WebsocketAPIConnection } from '../../src/client/index.js'
import { Desk, type DeskShared } from './desk.js'
import { cancelAll, cancelList, placeList, query } from './list-ops.js'
import { marketsOf } from './markets.js'
import { amend, cancel, cancelReplace, place } from './order-ops.js'
import type { Outcome } from './records.js'
import type { Rng } from './rng.js'

const STEPS = {
  placeFar: 22,
  placeCross: 6,
  cancelById: 9,
  cancelByClientId: 9,
  cancelReplace: 7,
  amend: 7,
  placeList: 4,
  cancelList: 4,
  cancelAll: 1,
  query: 18,
} as const

export class Trader {
  readonly #desk: Desk

  constructor(name: string, conn: WebsocketAPIConnection, shared: DeskShared) {
    this.#desk = new Desk(name, conn, shared)
  }

  /** One operation drawn by `rng`; resolves with its outcome once the answer is in. */
  step(rng: Rng): Promise<Outcome> {
    const d = this.#desk
    const m = rng.pick(marketsOf(d.s.epoch().n))
    switch (rng.weighted(STEPS)) {
      case 'placeFar':
        return place(d, rng, m, false)
      case 'placeCross':
        return place(d, rng, m, true)
      case 'cancelById':
        return cancel(d, rng, m, false)
      case 'cancelByClientId':
        return cancel(d, rng, m, true)
      case 'cancelReplace':
        return cancelReplace(d, rng, m)
      case 'amend':
        return amend(d, rng, m)
      case 'placeList':
        return placeList(d, rng, m)
      case 'cancelList':
        return cancelList(d, rng, m)
      case 'cancelAll':
        return cancelAll(d, m)
      case 'query':
        return query(d, rng, m)
    }
  }
}
