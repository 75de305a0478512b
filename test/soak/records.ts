// What the soak remembers of each order-changing call, and of the orders and lists it knows exist.

/** Whether a change happened, as the client's answers say: yes, no, or not known. */
type Belief = 'yes' | 'no' | 'maybe'

/** How a call ended, as the client reported it. */
export type Outcome =
  /** A success. */
  | 'ok'
  /** A BinanceError (or a server 429): the change did not happen. */
  | 'rejected'
  /** A BinanceError that Binance defines as "execution status unknown" (-1006, -1007, any 5xx). */
  | 'unknownAsError'
  /** OutcomeUnknownError: reconciled with `resolveOrderOutcome`. */
  | 'unknown'
  /** Refused before sending: ConnectionClosedError "nothing was sent", NotConnectedError, a local RateLimitedError. */
  | 'unsent'
  /** Any other error, e.g. a plain timeout where the client should have said "outcome unknown". */
  | 'unexpected'

/** What `resolveOrderOutcome` said: found, not found, explicitly cannot tell; or it threw, or kept failing. */
export type Resolution = 'found' | 'notFound' | 'cannotTell' | 'threw' | 'gaveUp'

/** A change to the exchange's orders; a cancel-replace makes two (its cancel and its new order). */
export type ChangeKind =
  | 'place'
  | 'placeList'
  | 'cancel'
  | 'amend'
  | 'cancelList'
  | 'replaceCancel'
  | 'replacePlace'
  /** openOrders.cancelAll: one change per known open order or list (and one for the call itself). */
  | 'cancelAll'

/** Kinds that create an order or a list. */
export const PLACEMENTS: ReadonlySet<ChangeKind> = new Set(['place', 'placeList', 'replacePlace'])

/** What the client's answer (or reconciliation) said about the order or list; checked against the emulator. */
interface Claim {
  orderId?: number
  orderListId?: number
  /** Its status then (a final status must be what the emulator shows). */
  status?: string
}

export interface Change {
  readonly seq: number
  readonly kind: ChangeKind
  /** Wire method of the call. */
  readonly method: string
  readonly account: string
  readonly symbol: string
  /** The client id this change leaves on its order or list iff it executed (for a cancel: its new client id). */
  marker: string | undefined
  /** The order or list this change applies to; none for placements. */
  readonly target: Tracked | undefined
  readonly epoch: number
  /** Local ms. */
  readonly sentAt: number
  /** When the answer and any reconciliation were over; undefined while they run. */
  endedAt: number | undefined
  outcome: Outcome | undefined
  resolution: Resolution | undefined
  belief: Belief
  claim: Claim | undefined
  /** Error code or message, for the report. */
  detail: string
}

/** An order or a list the soak knows exists (by id): the target of later changes. */
export interface Tracked {
  readonly type: 'order' | 'list'
  readonly account: string
  readonly symbol: string
  /** orderId or orderListId. */
  readonly id: number
  readonly origin: Change
  /** Changes sent to it, in order (one at a time: `busy`). */
  readonly changes: Change[]
  /** The client id it has as far as the soak knows (for requests by client id). */
  clientId: string
  busy: boolean
  open: boolean
}

/** What `Epoch.next` reads of the records. */
interface ListIdRecord {
  readonly account: string
  readonly orderListId: number
}

/** The calls and orders of one emulator state: from a start (or a SIGKILL) to the snapshot that ends it. */
export class Epoch {
  readonly changes: Change[] = []
  readonly tracked: Tracked[] = []
  /** Orders a cancel-all renamed, by `account|symbol|original client id` (its answer names them): their order ids. */
  readonly renamed = new Map<string, number>()
  /** Lists a cancel-all renamed, as `account|orderListId`. */
  readonly renamedLists = new Set<string>()
  /** `account|symbol` of cancel-alls whose outcome is in doubt: they may have renamed orders nobody can name. */
  readonly cancelAllsInDoubt = new Set<string>()
  #seq = 0

  constructor(
    readonly n: number,
    readonly startedAt: number,
    /**
     * The highest list id each account got from earlier emulator processes: a process restarted without its state
     * gives list ids out again (one count for all symbols; order ids are counted per symbol, and each epoch trades
     * symbols of its own), and a client that remembers them can be misled. Empty with persistence.
     */
    readonly listIdsBefore: ReadonlyMap<string, number> = new Map(),
    /**
     * The previous epoch's changes still unanswered when its process was killed: a request the client held while
     * reconnecting reaches this process instead, so the orders they place are known here too.
     */
    readonly carried: readonly Change[] = [],
  ) {}

  /** The next epoch, started now; `records` are this one's, read before its process was killed. */
  next(records: { lists: readonly ListIdRecord[] }): Epoch {
    const ids = new Map(this.listIdsBefore)
    for (const l of records.lists) ids.set(l.account, Math.max(ids.get(l.account) ?? 0, l.orderListId))
    const unanswered = this.changes.filter((c) => c.endedAt === undefined)
    return new Epoch(this.n + 1, Date.now(), ids, unanswered)
  }

  begin(
    kind: ChangeKind,
    method: string,
    account: string,
    symbol: string,
    marker: string | undefined,
    target?: Tracked,
  ): Change {
    const change: Change = {
      seq: this.#seq++,
      kind,
      method,
      account,
      symbol,
      marker,
      target,
      epoch: this.n,
      sentAt: Date.now(),
      endedAt: undefined,
      outcome: undefined,
      resolution: undefined,
      belief: 'maybe',
      claim: undefined,
      detail: '',
    }
    this.changes.push(change)
    target?.changes.push(change)
    return change
  }

  track(type: Tracked['type'], origin: Change, id: number, clientId: string, open: boolean): Tracked {
    const t: Tracked = {
      type,
      account: origin.account,
      symbol: origin.symbol,
      id,
      origin,
      changes: [],
      clientId,
      busy: false,
      open,
    }
    this.tracked.push(t)
    return t
  }
}
