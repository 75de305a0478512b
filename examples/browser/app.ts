// The browser example: log on to the local exchange with a pasted key, place and cancel orders, watch the user data
// events and a live order book. `npm run build` bundles it with esbuild (scripts/browser-example.mjs) into
// dist/ui/example/, which the emulator's dashboard serves at `/ui/example/` (any static server can serve it too).
import {
  BinanceError,
  type ConnectionStatus,
  createOrderBook,
  InvalidParameterError,
  type OrderBook,
  SpotWebsocketAPI,
  SpotWebsocketStreams,
  type WebsocketAPIConnection,
  type WebsocketStreamsConnection,
} from 'binance-spot-ws'

interface Session {
  api: WebsocketAPIConnection
  streams: WebsocketStreamsConnection
  book: OrderBook
  symbol: string
}

/** Book rows shown on each side. */
const DEPTH = 12

const $ = <T extends Element = HTMLElement>(selector: string) => document.querySelector(selector) as T
const connectForm = $<HTMLFormElement>('#connect')
const orderForm = $<HTMLFormElement>('#order')
let session: Session | undefined

/** Decimal text as integer units of 1e-8 (Binance decimals have at most 8 places): money is never a float. */
const units = (d: string): bigint => {
  const [int = '0', frac = ''] = d.split('.')
  return BigInt(int) * 100_000_000n + BigInt(frac.slice(0, 8).padEnd(8, '0'))
}
const decimal = (u: bigint): string =>
  `${u / 100_000_000n}.${(u % 100_000_000n).toString().padStart(8, '0')}`.replace(/\.?0+$/, '')

function say(text: string, error = false): void {
  const out = $('#message')
  out.textContent = text
  out.className = error ? 'error' : ''
}

const describe = (err: unknown): string =>
  err instanceof BinanceError ? `${err.msg} (code ${err.code})` : (err as Error).message

function showStatus(s: ConnectionStatus | { state: 'closed' }): void {
  const out = $('#status')
  out.dataset['state'] = s.state
  out.textContent =
    s.state === 'reconnecting'
      ? `reconnecting (attempt ${s.attempt}: ${s.reason})`
      : s.state.replace('open', 'connected')
}

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td')
  td.textContent = text
  td.className = className
  return td
}

function renderBook(book: OrderBook): void {
  const view = book.view(DEPTH)
  const asks = $('#asks')
  const bids = $('#bids')
  if (!view) return
  // Depth bars: the quantity from the best price to each level, against the deeper side's total.
  const cumulative = (levels: [string, string][]) => {
    let sum = 0n
    return levels.map(([, q]) => (sum += units(q)))
  }
  const depth = { asks: cumulative(view.asks), bids: cumulative(view.bids) }
  const total = [depth.asks.at(-1) ?? 0n, depth.bids.at(-1) ?? 0n].reduce((a, b) => (a > b ? a : b), 1n)
  const rows = (levels: [string, string][], sums: bigint[]) =>
    levels.map(([price, quantity], i) => {
      const tr = document.createElement('tr')
      tr.dataset['price'] = price
      tr.style.setProperty('--depth', `${((sums[i] ?? 0n) * 100n) / total}%`)
      tr.append(cell(decimal(units(price))), cell(decimal(units(quantity))))
      return tr
    })
  asks.replaceChildren(...rows(view.asks, depth.asks).reverse())
  bids.replaceChildren(...rows(view.bids, depth.bids))
  const [ask] = view.asks
  const [bid] = view.bids
  $('#spread td').textContent = ask && bid ? `spread ${decimal(units(ask[0]) - units(bid[0]))}` : '—'
}

async function refreshOrders(s: Session): Promise<void> {
  const { data } = await s.api.openOrdersStatus({ symbol: s.symbol })
  const rows = data.map((o) => {
    const tr = document.createElement('tr')
    tr.dataset['orderId'] = String(o.orderId)
    const cancel = document.createElement('button')
    cancel.className = 'cancel'
    cancel.textContent = 'Cancel'
    cancel.dataset['cancel'] = String(o.orderId)
    const actions = document.createElement('td')
    actions.append(cancel)
    const price = decimal(units(o.price))
    tr.append(cell(String(o.orderId)), cell(o.side, o.side), cell(price), cell(decimal(units(o.origQty))))
    tr.append(cell(o.status), actions)
    return tr
  })
  $('#orders tbody').replaceChildren(...rows)
}

function showBalances(balances: { asset: string; free: string; locked: string }[]): void {
  const list = $('#balances')
  const shown = new Map(
    [...list.children].map((li) => [(li as HTMLElement).dataset['asset'], li as HTMLElement]),
  )
  for (const b of balances) {
    const li: HTMLElement = shown.get(b.asset) ?? list.appendChild(document.createElement('li'))
    li.dataset['asset'] = b.asset
    li.textContent = `${b.asset} ${decimal(units(b.free))} (${decimal(units(b.locked))} locked)`
  }
}

function logEvent(summary: string, detail: string): void {
  const li = document.createElement('li')
  const b = document.createElement('b')
  b.textContent = summary
  li.append(b, ` ${detail}`)
  const events = $('#events')
  events.prepend(li)
  while (events.children.length > 100) events.lastElementChild?.remove()
}

/** The API client for the pasted key: a session logon for Ed25519 keys, a signature per request otherwise. */
function apiClient(
  wsURL: string,
  apiKey: string,
  secret: string,
): { api: SpotWebsocketAPI; session: boolean } {
  const keys = secret.includes('-----BEGIN') ? { privateKey: secret } : { apiSecret: secret }
  try {
    return { api: new SpotWebsocketAPI({ wsURL, apiKey, ...keys, autoSessionLogon: true }), session: true }
  } catch (err) {
    if (!(err instanceof InvalidParameterError && err.parameter === 'autoSessionLogon')) throw err
    return { api: new SpotWebsocketAPI({ wsURL, apiKey, ...keys }), session: false }
  }
}

async function connect(form: FormData): Promise<void> {
  const field = (name: string) => String(form.get(name) ?? '').trim()
  const symbol = field('symbol').toUpperCase()
  const client = apiClient(field('api'), field('apiKey'), field('secret'))
  showStatus({ slot: 0, state: 'connecting', attempt: 0 })
  const api = await client.api.connect()
  api.on('status', showStatus)
  const streams = await new SpotWebsocketStreams({ wsURL: field('streams') }).connect()
  const book = createOrderBook({ streams, api, symbol, limit: 100 })
  const s: Session = { api, streams, book, symbol }
  session = s
  showStatus({ slot: 0, state: 'open' })

  const { stream } = client.session
    ? await api.userDataStreamSubscribe()
    : await api.userDataStreamSubscribeSignature()
  stream.on('executionReport', (e) => {
    logEvent(
      `executionReport ${e.X}`,
      `${e.S} ${e.o} ${e.s} #${e.i} ${decimal(units(e.z))}/${decimal(units(e.q))}`,
    )
    void refreshOrders(s)
  })
  stream.on('outboundAccountPosition', (e) => {
    logEvent('outboundAccountPosition', e.B.map((b) => b.a).join(', '))
    showBalances(e.B.map((b) => ({ asset: b.a, free: b.f, locked: b.l })))
  })
  stream.on('balanceUpdate', (e) => logEvent('balanceUpdate', `${e.a} ${e.d}`))
  api.on('gap', () => {
    logEvent('gap', 'reconnected: events may have been missed, reloading')
    void refreshOrders(s)
  })

  // One render per animation frame, however many changes arrive.
  let scheduled = false
  book.on('change', () => {
    if (scheduled) return
    scheduled = true
    requestAnimationFrame(() => {
      scheduled = false
      renderBook(book)
    })
  })
  book.on('status', (st) => {
    $('#book-state').textContent = st.state === 'synced' ? `${symbol} · in sync` : `${symbol} · ${st.state}`
  })
  await book.start()
  renderBook(book)
  showBalances((await api.accountStatus({ omitZeroBalances: true })).data.balances)
  await refreshOrders(s)
}

async function disconnect(): Promise<void> {
  const s = session
  session = undefined
  if (!s) return
  await s.book.close()
  await s.streams.disconnect()
  await s.api.disconnect()
  showStatus({ state: 'closed' })
}

function setConnected(connected: boolean): void {
  $<HTMLButtonElement>('#connect button[type=submit]').disabled = connected
  $<HTMLButtonElement>('#disconnect').disabled = !connected
  $<HTMLButtonElement>('#order button').disabled = !connected
}

// Served by the emulator's dashboard (`/ui/example/`): the exchange is this page's own origin.
if (location.pathname.startsWith('/ui/example/')) {
  const origin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`
  $<HTMLInputElement>('#connect [name=api]').value = `${origin}/ws-api/v3`
  $<HTMLInputElement>('#connect [name=streams]').value = origin
}

connectForm.addEventListener('submit', (e) => {
  e.preventDefault()
  setConnected(true)
  connect(new FormData(connectForm)).then(
    () => say('connected'),
    async (err: unknown) => {
      say(describe(err), true)
      await disconnect()
      setConnected(false)
    },
  )
})

$('#disconnect').addEventListener('click', () => {
  void disconnect().then(() => setConnected(false))
})

orderForm.addEventListener('submit', (e) => {
  e.preventDefault()
  const s = session
  if (!s) return
  const f = new FormData(orderForm)
  const side = f.get('side') === 'SELL' ? 'SELL' : 'BUY'
  const quantity = String(f.get('quantity'))
  const order =
    f.get('type') === 'MARKET'
      ? s.api.orderPlace({ symbol: s.symbol, side, type: 'MARKET', quantity })
      : s.api.orderPlace({
          symbol: s.symbol,
          side,
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: String(f.get('price')),
          quantity,
        })
  order.then(
    ({ data }) => say(`order ${data.orderId}: ${data.status}`),
    (err: unknown) => say(describe(err), true),
  )
})

$('#orders').addEventListener('click', (e) => {
  const id = (e.target as HTMLElement).dataset['cancel']
  const s = session
  if (!id || !s) return
  s.api.orderCancel({ symbol: s.symbol, orderId: Number(id) }).then(
    () => say(`order ${id}: canceled`),
    (err: unknown) => say(describe(err), true),
  )
})

$('#book').addEventListener('click', (e) => {
  const price = (e.target as HTMLElement).closest('tr')?.dataset['price']
  if (price) $<HTMLInputElement>('#order [name=price]').value = decimal(units(price))
})
