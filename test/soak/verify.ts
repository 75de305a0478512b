// Checks what the client told about one emulator state's changes against the records read from the emulator.
import { type Change, type Epoch, PLACEMENTS, type Tracked } from './records.js'
import type { SnapList, SnapOrder, Snapshot } from './snapshot.js'

const FINAL = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'REJECTED', 'ALL_DONE'])
const EXAMPLES_PER_KIND = 3

/** What the checks found over the whole soak. */
export class Findings {
  /** Definite answers (success, definite error, found / not found) compared with the records. */
  checked = 0
  /** Changes whose answer or reconciliation was still running when their emulator process was read and killed. */
  lostWithProcess = 0
  readonly wrong = new Map<string, number>()
  readonly examples: string[] = []
  /**
   * Would-be wrong answers of reconciliations about a list whose id an earlier emulator process had given too:
   * explained by the restart without state, not counted (with persistence they cannot happen).
   */
  explainedByIdReuse = 0
  readonly explainedExamples: string[] = []

  /** A finding about `change` and the order (list) `id`: wrong, unless explained by a list id reused after a restart. */
  judge(r: Records, change: Change, type: Tracked['type'], id: number, kind: string, example: string): void {
    if (change.outcome !== 'unknown' || !r.reused(type, change, id)) this.add(kind, example)
    else if (++this.explainedByIdReuse <= EXAMPLES_PER_KIND)
      this.explainedExamples.push(`${kind}: ${example}`)
  }

  add(kind: string, example: string): void {
    const n = (this.wrong.get(kind) ?? 0) + 1
    this.wrong.set(kind, n)
    if (n <= EXAMPLES_PER_KIND) this.examples.push(`${kind}: ${example}`)
  }

  get wrongAnswers(): number {
    let n = 0
    for (const v of this.wrong.values()) n += v
    return n
  }
}

/** How the client answered, e.g. `unknown→notFound` or `rejected`. */
const answerOf = (c: Change): string =>
  c.outcome === 'unknown' ? `unknown→${c.resolution ?? 'pending'}` : (c.outcome ?? 'pending')

const describe = (c: Change): string =>
  `${c.method} ${c.account} ${c.symbol} id=${c.marker ?? '(auto, never told)'} answered ${answerOf(c)}` +
  (c.detail ? ` (${c.detail})` : '')

const orderKey = (account: string, symbol: string, id: number | string) => `${account}|${symbol}|${id}`
const listKey = (account: string, id: number | string) => `${account}|${id}`

function index<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

/** The emulator's view of everything one epoch did, indexed for the checks. */
class Records {
  readonly orders: Map<string, SnapOrder[]>
  readonly ordersByClientId: Map<string, SnapOrder[]>
  readonly lists: Map<string, SnapList[]>
  readonly listsByClientId: Map<string, SnapList[]>

  constructor(
    readonly snap: Snapshot,
    readonly epoch: Epoch,
  ) {
    this.orders = index(snap.orders, (o) => orderKey(o.account, o.symbol, o.orderId))
    this.ordersByClientId = index(snap.orders, (o) => orderKey(o.account, o.symbol, o.clientOrderId))
    this.lists = index(snap.lists, (l) => listKey(l.account, l.orderListId))
    this.listsByClientId = index(snap.lists, (l) => listKey(l.account, l.listClientOrderId))
  }

  /** The order or list with this id, as { client id, status }. */
  entry(type: Tracked['type'], account: string, symbol: string, id: number) {
    if (type === 'list') {
      const l = this.lists.get(listKey(account, id))?.[0]
      return l && { clientId: l.listClientOrderId, status: l.listOrderStatus }
    }
    const o = this.orders.get(orderKey(account, symbol, id))?.[0]
    return o && { clientId: o.clientOrderId, status: o.status }
  }

  /** How an order (list) placed with this client id shows in the records, if one was (a cancel-all may have renamed it). */
  placed(
    type: Tracked['type'],
    account: string,
    symbol: string,
    clientId: string,
  ): { id: number; text: string } | undefined {
    if (type === 'list') {
      const l = this.listsByClientId.get(listKey(account, clientId))?.[0]
      return l && { id: l.orderListId, text: `list ${l.orderListId} ${l.listOrderStatus}` }
    }
    const o = this.ordersByClientId.get(orderKey(account, symbol, clientId))?.[0]
    if (o) return { id: o.orderId, text: `order ${o.orderId} ${o.status}, placed at ${o.time}` }
    const renamed = this.epoch.renamed.get(orderKey(account, symbol, clientId))
    const r = renamed === undefined ? undefined : this.orders.get(orderKey(account, symbol, renamed))?.[0]
    return (
      r && {
        id: r.orderId,
        text: `order ${r.orderId} ${r.status}, placed at ${r.time}, renamed ${r.clientOrderId} by a cancel-all`,
      }
    )
  }

  /** Whether this is a list id an earlier emulator process had given the change's account (or a later one). */
  reused(type: Tracked['type'], c: Change, id: number): boolean {
    return type === 'list' && id <= (this.epoch.listIdsBefore.get(c.account) ?? 0)
  }

  /** Its answer is final and the snapshot was read after it. */
  settled(c: Change): boolean {
    return c.endedAt !== undefined && c.endedAt < this.snap.startedAt
  }
}

const typeOf = (c: Change): Tracked['type'] =>
  c.kind === 'placeList' || c.kind === 'cancelList' ? 'list' : 'order'

/** A definite answer of one change against the records. */
function checkAnswer(r: Records, c: Change, f: Findings): void {
  const type = typeOf(c)
  if (PLACEMENTS.has(c.kind) && c.belief === 'no') {
    const placed = c.marker === undefined ? undefined : r.placed(type, c.account, c.symbol, c.marker)
    if (placed)
      f.judge(
        r,
        c,
        type,
        placed.id,
        `${c.kind} answered ${answerOf(c)}, but it was placed`,
        `${describe(c)}; ${placed.text}`,
      )
    return
  }
  const claim = c.claim
  const id = type === 'list' ? claim?.orderListId : claim?.orderId
  if (id === undefined) return
  const entry = r.entry(type, c.account, c.symbol, id)
  if (!entry)
    f.judge(r, c, type, id, `${c.kind} answered ${answerOf(c)}, but its ${type} does not exist`, describe(c))
  else if (claim?.status && FINAL.has(claim.status) && entry.status !== claim.status)
    f.judge(
      r,
      c,
      type,
      id,
      `${c.kind} answered ${answerOf(c)} with status ${claim.status}, but the emulator has ${entry.status}`,
      describe(c),
    )
}

/** Stands for a client id the soak never learned (a cancel without `newClientOrderId` gets one from the server). */
const UNLEARNED = ''

/** The client id the order (list) has must follow from the answers to the changes sent to it. */
function checkChain(r: Records, t: Tracked, f: Findings): void {
  const entry = r.entry(t.type, t.account, t.symbol, t.id)
  if (!entry || t.origin.marker === undefined) return
  const sent = t.changes.filter((c) => c.sentAt < r.snap.endedAt)
  const learned = new Set([
    t.origin.marker,
    ...sent.flatMap((c) => (c.marker === undefined ? [] : [c.marker])),
  ])
  let possible = new Set([t.origin.marker])
  for (const c of sent) {
    const belief = r.settled(c) ? c.belief : 'maybe'
    if (belief === 'yes') possible = new Set([c.marker ?? UNLEARNED])
    else if (belief === 'maybe') possible.add(c.marker ?? UNLEARNED)
  }
  const id = entry.clientId
  // A cancel-all whose outcome is in doubt may have closed it and given it an id nobody learned.
  const closed = entry.status === 'CANCELED' || entry.status === 'ALL_DONE'
  if (closed && !learned.has(id) && r.epoch.cancelAllsInDoubt.has(`${t.account}|${t.symbol}`)) return
  const leftBy = (c: Change) => c.marker === id || (c.marker === undefined && !learned.has(id))
  if (possible.has(id) || (possible.has(UNLEARNED) && !learned.has(id))) return
  const executed = sent.find((c) => r.settled(c) && c.belief === 'no' && leftBy(c))
  if (executed) {
    const kind = `${executed.kind} answered ${answerOf(executed)}, but it executed`
    f.judge(r, executed, t.type, t.id, kind, describe(executed))
    return
  }
  const claimed = sent.findLast((c) => r.settled(c) && c.belief === 'yes')
  if (claimed) {
    const kind = `${claimed.kind} answered ${answerOf(claimed)}, but it did not execute`
    f.judge(r, claimed, t.type, t.id, kind, describe(claimed))
  } else f.add(`${t.type} has a client id no answer explains`, `${t.type} ${t.id} has ${id}`)
}

/** Orders and lists nobody was told about, and client ids used twice. */
function checkStrays(r: Records, epoch: Epoch, f: Findings): void {
  const known = new Set<string>()
  for (const t of epoch.tracked)
    known.add(t.type === 'list' ? `L${listKey(t.account, t.id)}` : orderKey(t.account, t.symbol, t.id))
  for (const c of [...epoch.changes, ...epoch.carried]) {
    if (!PLACEMENTS.has(c.kind) || c.marker === undefined) continue
    known.add(
      typeOf(c) === 'list' ? `L${listKey(c.account, c.marker)}` : orderKey(c.account, c.symbol, c.marker),
    )
  }
  for (const [key, orderId] of epoch.renamed) known.add(`${key.slice(0, key.lastIndexOf('|'))}|${orderId}`)
  const inDoubt = (account: string, symbol: string, status: string) =>
    (status === 'CANCELED' || status === 'ALL_DONE') && epoch.cancelAllsInDoubt.has(`${account}|${symbol}`)
  for (const o of r.snap.orders) {
    if (o.orderListId >= 0 || inDoubt(o.account, o.symbol, o.status)) continue
    const byId = orderKey(o.account, o.symbol, o.orderId)
    if (!known.has(byId) && !known.has(orderKey(o.account, o.symbol, o.clientOrderId)))
      f.add(
        'an order exists that no answer told of',
        `${o.symbol} ${o.orderId} ${o.clientOrderId} ${o.status}`,
      )
  }
  for (const l of r.snap.lists) {
    if (
      inDoubt(l.account, l.symbol, l.listOrderStatus) ||
      epoch.renamedLists.has(listKey(l.account, l.orderListId))
    )
      continue
    if (
      !known.has(`L${listKey(l.account, l.orderListId)}`) &&
      !known.has(`L${listKey(l.account, l.listClientOrderId)}`)
    )
      f.add('a list exists that no answer told of', `${l.symbol} ${l.orderListId} ${l.listClientOrderId}`)
  }
  for (const [key, orders] of r.ordersByClientId) {
    if (orders.length > 1) f.add('doubled order', `${key}: orders ${orders.map((o) => o.orderId).join(', ')}`)
  }
  for (const [key, lists] of r.listsByClientId) {
    if (lists.length > 1) f.add('doubled list', `${key}: lists ${lists.map((l) => l.orderListId).join(', ')}`)
  }
}

/** Checks one epoch's changes against the records read at its end. */
export function verifyEpoch(epoch: Epoch, snap: Snapshot, f: Findings): void {
  const r = new Records(snap, epoch)
  for (const c of epoch.changes) {
    if (!r.settled(c)) {
      f.lostWithProcess++
      continue
    }
    if (c.belief === 'maybe' && !c.claim) continue
    // A cancel-all's own record: its effect is checked on each order it applies to.
    if (c.kind === 'cancelAll' && !c.target) continue
    f.checked++
    checkAnswer(r, c, f)
  }
  for (const t of epoch.tracked) if (r.settled(t.origin)) checkChain(r, t, f)
  checkStrays(r, epoch, f)
}
