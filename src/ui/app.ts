// The emulator's live dashboard (`/ui/`): market, accounts, requests and control actions, pushed by the control
// API's event stream and the market data streams — nothing is polled.
import type { AccountView, ControlAccess, ControlState } from '../emulator/api/control/control-events.js'
import type { RequestRecord } from '../emulator/api/control/request-log.js'
import type { StorageInfo } from '../emulator/api/persistence/persistence.js'
import type { ReplayProgress } from '../emulator/replay/replay-feed.js'
import { AccountsView } from './accounts-view.js'
import { disableActions, enableActions, wireActions } from './actions.js'
import { ControlClient } from './control-client.js'
import { byId, clockText } from './dom.js'
import { EmulatorTime } from './emulator-time.js'
import { followEvents, tokenFromFragment } from './events.js'
import { MarketView } from './market.js'
import { ReplayView } from './replay-view.js'
import { RequestsView } from './requests-view.js'
import { StorageView } from './storage-view.js'

const control = new ControlClient(tokenFromFragment())
const market = new MarketView(control)
const accounts = new AccountsView()
const time = new EmulatorTime()
const requests = new RequestsView(() => time.now())
const replay = new ReplayView(control)
const storage = new StorageView()
let state: ControlState | undefined
/** Whether the page's token may change (the `access` event, first on each event stream). */
let mayChange = true
let symbol = ''
/** A reset came: the next state (sent with it) shows the market again, on a symbol it still lists. */
let reread = false

accounts.onOwnPrices = (orders) =>
  market.markOwn(orders.filter((o) => o.symbol === symbol).map((o) => o.price))
accounts.onFills = (fills) => market.markFills(fills)
wireActions({ control, account: () => accounts.selected, symbol: () => symbol })
// Nothing is allowed until a `state` event says what is.
disableActions('')
// A token typed into the address (`#token=…`) takes effect at once.
addEventListener('hashchange', () => location.reload())

/** The emulator's time in the header, and the rate-limit windows it ends. */
function showClock(): void {
  const now = time.now()
  byId('clock').textContent = `${new Date(now).toISOString().slice(0, 10)} ${clockText(now)} UTC`
  requests.tick()
}

// Between events the page's own clock moves the emulator's on (a display tick: nothing is fetched).
setInterval(showClock, 1000)

function showSymbol(next: string): void {
  symbol = next
  for (const b of byId('symbols').querySelectorAll('button')) {
    b.setAttribute('aria-pressed', String(b.textContent === next))
  }
  if (state) showSymbolStatus(state)
  const decimals = state?.symbols.find((s) => s.symbol === next)?.priceDecimals ?? 2
  market.show(next, decimals).catch((err: Error) => {
    byId('action-result').textContent = err.message
  })
}

function onState(next: ControlState): void {
  const first = state === undefined
  // Another emulator process (a restart on this port): what the page shows of the last one is gone, as after a reset.
  if (!first && next.instance !== state?.instance) reread = true
  const listed = next.symbols.map((s) => s.symbol).join()
  const changed = state?.symbols.map((s) => s.symbol).join() !== listed
  state = next
  time.set(next.now, next.clockRuns)
  showClock()
  enableActions(next.changes, mayChange, next.dataDir)
  if (!next.dataDir) storage.inMemory()
  accounts.symbols = next.symbols.map((s) => s.symbol)
  accounts.setAccounts(next.accounts)
  if (changed) {
    byId('symbols').replaceChildren(
      ...next.symbols.map((s) => {
        const b = document.createElement('button')
        b.type = 'button'
        b.textContent = s.symbol
        b.addEventListener('click', () => showSymbol(s.symbol))
        return b
      }),
    )
  }
  const keep = next.symbols.some((s) => s.symbol === symbol)
  if (first || !keep || reread) showSymbol(keep ? symbol : (next.symbols[0]?.symbol ?? ''))
  else showSymbolStatus(next)
  reread = false
}

function showSymbolStatus(next: ControlState): void {
  const status = next.symbols.find((s) => s.symbol === symbol)?.status ?? ''
  const badge = byId('symbol-status')
  badge.textContent = status
  badge.className = `badge ${status === 'TRADING' ? 'on' : 'off'}`
}

void followEvents(
  control.token,
  (event, data) => {
    if (event === 'reset') {
      // A symbol added while running is gone after it: the state that follows says which to show.
      accounts.clear()
      requests.clear()
      reread = true
    } else if (event === 'access') mayChange = (data as ControlAccess).changes
    else if (event === 'state') onState(data as ControlState)
    else if (event === 'account') accounts.update(data as AccountView)
    else if (event === 'requests') {
      // A clock moved by its source (a `now` option) tells no event: the answers' times still show where it is.
      for (const r of data as RequestRecord[]) time.atLeast(r.time)
      requests.add(data as RequestRecord[])
      showClock()
    } else if (event === 'storage') storage.update(data as StorageInfo)
    else if (event === 'replay') {
      replay.update(data as ReplayProgress)
      market.replaying = !(data as ReplayProgress).done
      time.set((data as ReplayProgress).time, false)
      showClock()
    }
  },
  (up) => {
    // A new stream starts with every account's views and last fills, and the request log.
    if (up) {
      accounts.clear()
      requests.clear()
    }
    showLink(up ? 'live' : 'reconnecting', up)
  },
  (message) => {
    showLink('refused', false)
    disableActions('')
    const refused = byId('refused')
    refused.textContent = `The control API refused this page: ${message}. Open it with the control token in its address: ${location.origin}/ui/#token=<token>`
    refused.hidden = false
  },
)

function showLink(text: string, up: boolean): void {
  const link = byId('link')
  link.textContent = text
  link.className = `badge ${up ? 'on' : 'off'}`
}
