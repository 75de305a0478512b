// Per account: balances, open orders and fills, as the control API's `account` events give them; one key shown at a
// time (the tabs: every key, those added with `addKey` too, shows its account's), every account kept up to date.

import type { AccountView, Fill } from '../emulator/api/control/control-events.js'
import type { AccountInfo } from '../emulator/api/control/emulator-control.js'
import type { OrderStatusReport } from '../protocol/results.js'
import { byId, clockText, fillTable, trim } from './dom.js'

const FILLS_KEPT = 50
const orderKey = (o: { symbol: string; orderId: number }) => `${o.symbol} ${o.orderId}`

export class AccountsView {
  /** By account `uid`. */
  readonly #views = new Map<number, AccountView>()
  /** By account `uid`: its open orders by `orderKey`, kept from the events' full lists and changes. */
  readonly #orders = new Map<number, Map<string, OrderStatusReport>>()
  /** The symbols in the order `openOrders.status` lists them (the state's). */
  #symbolOrder: readonly string[] = []
  readonly #fills = new Map<number, Fill[]>()
  /** Each key's account `uid`. */
  readonly #uids = new Map<string, number>()
  #selected: string | undefined
  #listed = ''

  /** Called when the shown account or its open orders change: the prices to mark in the ladder. */
  onOwnPrices: (symbolPrices: readonly { symbol: string; price: string }[]) => void = () => {}
  /** Called with the shown account's fills (newest first) whenever they change: the chart marks them. */
  onFills: (fills: readonly Fill[]) => void = () => {}

  /** The account selected, if any. */
  get selected(): string | undefined {
    return this.#selected
  }

  /** The accounts of the emulator: tabs, the first selected unless one already is. */
  setAccounts(accounts: readonly AccountInfo[]): void {
    const keys = accounts.map((a) => a.apiKey)
    const listed = JSON.stringify(accounts)
    if (listed === this.#listed) return
    this.#listed = listed
    this.#uids.clear()
    for (const a of accounts) this.#uids.set(a.apiKey, a.uid)
    if (this.#selected === undefined || !keys.includes(this.#selected)) this.#selected = keys[0]
    const nav = byId('accounts')
    nav.replaceChildren(
      ...accounts.map(({ apiKey: key, permissions, ipWhitelist }) => {
        const b = document.createElement('button')
        b.type = 'button'
        b.textContent = key.length > 12 ? `${key.slice(0, 10)}…` : key
        const from = ipWhitelist ? `from ${ipWhitelist.join(', ')}` : 'from any address'
        b.title = `${key}: ${permissions.join(', ') || 'no permission'}, ${from}`
        b.dataset['apiKey'] = key
        b.addEventListener('click', () => this.#select(key))
        return b
      }),
    )
    this.#select(this.#selected)
  }

  /** The symbols, listed in the state's order: open orders are shown in it, as `openOrders.status` gives them. */
  set symbols(symbols: readonly string[]) {
    this.#symbolOrder = symbols
  }

  /** Forgets every account's balances, orders and fills (the emulator was reset, or the stream starts again). */
  clear(): void {
    this.#views.clear()
    this.#orders.clear()
    this.#fills.clear()
    this.#render()
  }

  update(view: AccountView): void {
    this.#views.set(view.uid, view)
    let orders = this.#orders.get(view.uid)
    if (view.openOrders || !orders) {
      orders = new Map((view.openOrders ?? []).map((o) => [orderKey(o), o]))
      this.#orders.set(view.uid, orders)
    }
    for (const o of view.orders ?? []) orders.set(orderKey(o), o)
    for (const o of view.closed ?? []) orders.delete(orderKey(o))
    if (view.fills.length > 0) {
      const fills = [...[...view.fills].reverse(), ...(this.#fills.get(view.uid) ?? [])]
      this.#fills.set(view.uid, fills.slice(0, FILLS_KEPT))
    }
    if (view.uid === this.#shownUid()) this.#render()
  }

  /** The `uid` of the selected key's account. */
  #shownUid(): number | undefined {
    return this.#selected === undefined ? undefined : this.#uids.get(this.#selected)
  }

  #select(key: string | undefined): void {
    this.#selected = key
    for (const b of byId('accounts').querySelectorAll('button')) {
      b.setAttribute('aria-pressed', String(b.dataset['apiKey'] === key))
    }
    this.#render()
  }

  #render(): void {
    const uid = this.#shownUid()
    const view = uid === undefined ? undefined : this.#views.get(uid)
    fillTable(
      byId('balances'),
      (view?.balances ?? []).map((b) => [b.asset, trim(b.free), trim(b.locked)]),
      'no balance',
    )
    const rank = (o: OrderStatusReport) => this.#symbolOrder.indexOf(o.symbol)
    const orders = [...((uid === undefined ? undefined : this.#orders.get(uid))?.values() ?? [])].sort(
      (a, b) => rank(a) - rank(b) || a.orderId - b.orderId,
    )
    fillTable(
      byId('open-orders'),
      orders.map((o) => [
        o.symbol,
        String(o.orderId),
        { text: o.side, className: o.side === 'BUY' ? 'buy' : 'sell' },
        o.type,
        trim(o.price),
        trim(o.origQty, 0),
        trim(o.executedQty, 0),
      ]),
      'no open orders',
    )
    const fills = uid === undefined ? [] : (this.#fills.get(uid) ?? [])
    fillTable(
      byId('fills'),
      fills.map((f) => [
        f.symbol,
        { text: f.side, className: f.side === 'BUY' ? 'buy' : 'sell' },
        trim(f.price),
        trim(f.qty, 0),
        `${trim(f.commission, 0)} ${f.commissionAsset ?? ''}`,
        clockText(f.time),
      ]),
      'no fills yet',
    )
    this.onOwnPrices(orders.map((o) => ({ symbol: o.symbol, price: o.price })))
    this.onFills(fills)
  }
}
