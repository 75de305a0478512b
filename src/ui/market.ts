// One symbol's market: a 1-minute candlestick chart with volume, the order book ladder and the recent trades, from
// the emulator's own market data streams (kline, 20-level partial depth, trades) on this port.
import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import type { Fill } from '../emulator/api/control/control-events.js'
import type { Kline } from '../protocol/results.js'
import type { ControlClient } from './control-client.js'
import { byId, clockText, fillTable, places, trim } from './dom.js'

const UP = '#26a69a'
const DOWN = '#ef5350'
/** The fill markers' colours (style.css .fill-buy, .fill-sell). */
const FILL_BUY = '#4c9aff'
const FILL_SELL = '#ff9f1a'
const LADDER_LEVELS = 10
const TRADES_KEPT = 40

type Level = [string, string]
/** A combined stream's message. */
interface StreamMessage {
  readonly stream: string
  readonly data: Record<string, unknown>
}
interface Trade {
  /** Its id: trades come in id order. */
  readonly t: number
  readonly p: string
  readonly q: string
  readonly T: number
  readonly m: boolean
}

const bar = (k: { t: number; o: string; h: string; l: string; c: string }) => ({
  time: (k.t / 1000) as UTCTimestamp,
  open: Number(k.o),
  high: Number(k.h),
  low: Number(k.l),
  close: Number(k.c),
})
/**
 * The fills of one minute and side as one marker on its candle (▲ below for buys, ▼ above for sells): the quantity
 * for a single fill, the count for several, so that busy minutes do not pile labels on each other.
 */
const fillMarker = (fills: readonly Fill[]): SeriesMarker<Time> => {
  const f = fills[0] as Fill
  const text = fills.length === 1 ? trim(f.qty, 0) : `${fills.length}×`
  return f.side === 'BUY'
    ? { time: minuteOf(f.time), position: 'belowBar', shape: 'arrowUp', color: FILL_BUY, text }
    : { time: minuteOf(f.time), position: 'aboveBar', shape: 'arrowDown', color: FILL_SELL, text }
}
const minuteOf = (ms: number) => (Math.floor(ms / 60_000) * 60) as UTCTimestamp
const volumeBar = (k: { t: number; o: string; c: string; v: string }) => ({
  time: (k.t / 1000) as UTCTimestamp,
  value: Number(k.v),
  color: Number(k.c) >= Number(k.o) ? 'rgba(38,166,154,.28)' : 'rgba(239,83,80,.28)',
})

export class MarketView {
  readonly #chart: IChartApi
  readonly #candles: ISeriesApi<'Candlestick'>
  readonly #volume: ISeriesApi<'Histogram'>
  readonly #markers: ISeriesMarkersPluginApi<Time>
  #socket: WebSocket | undefined
  #axisShown = true
  #symbol = ''
  /** The shown symbol's price decimals (its tick size's): the ladder's prices. */
  #decimals = 2
  #trades: Trade[] = []
  /** While `show` reads the history: the stream messages that came meanwhile, applied after it. */
  #held: StreamMessage[] | undefined
  #book: { bids: Level[]; asks: Level[] } = { bids: [], asks: [] }
  /** Prices of the selected account's open orders on this symbol, marked in the ladder. */
  #own = new Set<string>()
  /**
   * A replay plays: each new minute fits the chart to the whole history (minutes pass in moments), and the ladder
   * takes the depth of each data second instead of each 100 ms (the streams follow data time: ten a second of data
   * would be hundreds a second of real time).
   */
  replaying = false
  /** Open time of the chart's last candle. */
  #lastBar: number | undefined
  #reloading = false
  /** The shown account's fills, of every symbol. */
  #fills: readonly Fill[] = []

  constructor(private readonly control: ControlClient) {
    const container = byId('chart')
    this.#chart = createChart(container, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#171d24' }, textColor: '#9aa6b2' },
      grid: { vertLines: { color: '#1f2731' }, horzLines: { color: '#1f2731' } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#263140' },
      rightPriceScale: { borderColor: '#263140' },
    })
    this.#candles = this.#chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderVisible: false,
      wickUpColor: UP,
      wickDownColor: DOWN,
    })
    this.#volume = this.#chart.addSeries(HistogramSeries, {
      priceScaleId: '',
      priceFormat: { type: 'volume' },
    })
    this.#volume.priceScale().applyOptions({ scaleMargins: { top: 0.88, bottom: 0 } })
    this.#markers = createSeriesMarkers(this.#candles, [])
  }

  /** Marks these fills (of the account shown) on the chart; those of other symbols are left out. */
  markFills(fills: readonly Fill[]): void {
    this.#fills = fills
    this.#renderFills()
  }

  #renderFills(): void {
    const mine = this.#fills.filter((f) => f.symbol === this.#symbol).sort((a, b) => a.time - b.time)
    const groups = new Map<string, Fill[]>()
    for (const f of mine) {
      const key = `${minuteOf(f.time)} ${f.side}`
      const group = groups.get(key)
      if (group) group.push(f)
      else groups.set(key, [f])
    }
    this.#markers.setMarkers([...groups.values()].map(fillMarker))
    byId('chart').dataset['fills'] = String(mine.length)
  }

  /** Shows `symbol` (prices with `priceDecimals`): its history from the control API, then its live streams. */
  async show(symbol: string, priceDecimals: number): Promise<void> {
    this.#symbol = symbol
    const decimals = Math.min(priceDecimals, 8)
    this.#decimals = decimals
    this.#candles.applyOptions({
      priceFormat: { type: 'price', precision: decimals, minMove: 10 ** -decimals },
    })
    this.#socket?.close()
    // Its reopening timer, if it ended, stops: the socket opened below replaces it.
    this.#socket = undefined
    this.#trades = []
    this.#book = { bids: [], asks: [] }
    this.#render() // nothing of the symbol shown before stays on screen while this one loads
    // The streams first (subscribed once open), held while the history is read: a trade between the read and the
    // subscription is not missed; one in both is shown once (by its id).
    const held: StreamMessage[] = []
    this.#held = held
    await this.#open(symbol)
    if (this.#symbol !== symbol) return
    const [klines, trades, depth] = await Promise.all([
      this.control.query<Kline[]>('klines', { symbol, interval: '1m', limit: 500 }),
      this.control.query<{ id: number; price: string; qty: string; time: number; isBuyerMaker: boolean }[]>(
        'trades.recent',
        {
          symbol,
          limit: TRADES_KEPT,
        },
      ),
      this.control.query<{ bids: Level[]; asks: Level[] }>('depth', { symbol, limit: LADDER_LEVELS }),
    ])
    if (this.#symbol !== symbol) return
    this.#setKlines(klines)
    this.#chart.timeScale().fitContent()
    this.#trades = trades
      .reverse()
      .map((t) => ({ t: t.id, p: t.price, q: t.qty, T: t.time, m: t.isBuyerMaker }))
    this.#book = depth
    this.#held = undefined
    for (const m of held) this.#apply(symbol, m)
    this.#render()
  }

  #setKlines(klines: readonly Kline[]): void {
    const rows = klines.map(([t, o, h, l, c, v]) => ({ t, o, h, l, c, v }))
    this.#candles.setData(rows.map(bar))
    this.#volume.setData(rows.map(volumeBar))
    this.#showAxis(rows.length > 0)
    this.#lastBar = rows.at(-1)?.t
    this.#renderFills()
  }

  /** Reads the klines again (one read at a time): the stream skipped some minutes. */
  async #reload(symbol: string): Promise<void> {
    if (this.#reloading) return
    this.#reloading = true
    try {
      const klines = await this.control.query<Kline[]>('klines', { symbol, interval: '1m', limit: 500 })
      if (this.#symbol !== symbol) return
      this.#setKlines(klines)
      this.#chart.timeScale().fitContent()
    } finally {
      this.#reloading = false
    }
  }

  /**
   * Marks the levels of these open-order prices in the ladder. When they changed, the book is read again: the depth
   * stream follows the emulator clock, which a test's manual clock or an ended replay holds still.
   */
  markOwn(prices: Iterable<string>): void {
    const own = new Set([...prices].map((p) => trim(p)))
    const changed = [...own].join() !== [...this.#own].join()
    this.#own = own
    this.#renderLadder()
    if (changed && this.#symbol !== '') this.#readBook(this.#symbol)
  }

  #readBook(symbol: string): void {
    this.control
      .query<{ bids: Level[]; asks: Level[] }>('depth', { symbol, limit: LADDER_LEVELS })
      .then((depth) => {
        if (this.#symbol !== symbol) return
        this.#book = depth
        this.#renderLadder()
      })
      .catch((err: Error) => {
        byId('action-result').textContent = err.message
      })
  }

  /** Opens the symbol's streams; resolves once they are subscribed (open), or the socket failed. */
  #open(symbol: string): Promise<void> {
    const s = symbol.toLowerCase()
    const depth = this.replaying ? 'depth20' : 'depth20@100ms'
    const url = new URL(`/stream?streams=${s}@kline_1m/${s}@${depth}/${s}@trade`, location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const socket = new WebSocket(url)
    this.#socket = socket
    socket.onmessage = (m) => {
      if (this.#socket !== socket) return
      const message = JSON.parse(String(m.data)) as StreamMessage
      if (this.#held) this.#held.push(message)
      else this.#apply(symbol, message)
    }
    socket.onclose = () => {
      if (this.#socket === socket) setTimeout(() => this.#socket === socket && this.#open(symbol), 1000)
    }
    return new Promise((resolve) => {
      socket.addEventListener('open', () => resolve())
      socket.addEventListener('close', () => resolve())
    })
  }

  #apply(symbol: string, { stream, data }: StreamMessage): void {
    if (stream.endsWith('@trade')) this.#trade(data as unknown as Trade)
    else if (stream.includes('@depth')) {
      this.#book = data as unknown as { bids: Level[]; asks: Level[] }
      this.#renderLadder()
    } else if (stream.includes('@kline')) {
      const k = data['k'] as { t: number; o: string; h: string; l: string; c: string; v: string }
      // A replay moves faster than the stream's pushes: minutes it skipped are read back from the klines.
      if (this.#lastBar !== undefined && k.t > this.#lastBar + 60_000) void this.#reload(symbol)
      const newBar = this.#lastBar === undefined || k.t > this.#lastBar
      this.#lastBar = Math.max(k.t, this.#lastBar ?? k.t)
      this.#candles.update(bar(k))
      this.#showAxis(true)
      this.#volume.update(volumeBar(k))
      if (newBar && this.replaying) this.#chart.timeScale().fitContent()
    }
  }

  /** With no bar, the price axis is hidden: it would keep the last symbol's range. */
  #showAxis(visible: boolean): void {
    if (visible === this.#axisShown) return
    this.#axisShown = visible
    this.#chart.priceScale('right').applyOptions({ visible })
  }

  #trade(t: Trade): void {
    const newest = this.#trades[0]
    if (newest && t.t <= newest.t) return
    this.#trades.unshift(t)
    this.#trades.length = Math.min(this.#trades.length, TRADES_KEPT)
    this.#renderTrades()
  }

  #render(): void {
    this.#renderLadder()
    this.#renderTrades()
  }

  #renderLadder(): void {
    const asks = this.#book.asks.slice(0, LADDER_LEVELS).reverse()
    const bids = this.#book.bids.slice(0, LADDER_LEVELS)
    const bestAsk = asks.at(-1)?.[0]
    const bestBid = bids[0]?.[0]
    const spread = bestAsk && bestBid ? trim((Number(bestAsk) - Number(bestBid)).toFixed(8)) : '–'
    const rows = [
      ...asks.map(([p, q]) => [{ text: places(p, this.#decimals), className: 'ask' }, trim(q, 0), '']),
      [`spread ${spread}`],
      ...bids.map(([p, q]) => [{ text: places(p, this.#decimals), className: 'bid' }, trim(q, 0), '']),
    ]
    const prices = [...asks.map(([p]) => trim(p)), '', ...bids.map(([p]) => trim(p))]
    fillTable(byId('ladder'), rows, 'no orders', (i) => {
      if (i === asks.length) return 'spread'
      return this.#own.has(prices[i] ?? '') ? 'own' : ''
    })
    const spreadCell = byId<HTMLTableElement>('ladder').querySelector('tr.spread td')
    if (spreadCell instanceof HTMLTableCellElement) spreadCell.colSpan = 3
  }

  #renderTrades(): void {
    const last = this.#trades[0]
    byId('last-price').textContent = last ? `${this.#symbol} ${trim(last.p)}` : this.#symbol
    fillTable(
      byId('trades'),
      this.#trades.map((t) => [
        { text: trim(t.p), className: t.m ? 'sell' : 'buy' },
        trim(t.q, 0),
        clockText(t.T),
      ]),
      'no trades yet',
    )
  }
}
