// The last WebSocket API requests (method, status, latency, the IP's weight used after it) and the rate-limit usage after the latest ones:
// REQUEST_WEIGHT per IP, ORDERS per account. A usage shows 0 once its window has ended (windows are aligned to the
// epoch, as the emulator counts them: fixed-window.ts).

import type { RequestRecord } from '../emulator/api/control/request-log.js'
import { RATE_LIMIT_INTERVAL_MS as INTERVAL_MS } from '../protocol/enums.js'
import type { RateLimit } from '../protocol/envelope.js'
import { byId, clockText, fillTable } from './dom.js'

const KEPT = 100

/** A limit's usage after a request, and when the window it counts in ends. */
interface Usage {
  readonly limit: RateLimit
  readonly endsAt: number
}

export class RequestsView {
  #records: RequestRecord[] = []
  /** The latest usage per limit: `REQUEST_WEIGHT ip` or `ORDERS 10 SECOND apiKey`. */
  readonly #usage = new Map<string, Usage>()
  /** The emulator's time now (the page's estimate). */
  constructor(private readonly now: () => number) {}

  /** Forgets the log and the usage (a new stream sends the log again; after a reset it starts empty). */
  clear(): void {
    this.#records = []
    this.#usage.clear()
    this.#render()
  }

  add(records: readonly RequestRecord[]): void {
    for (const r of records) {
      for (const limit of r.rateLimits) {
        const who = limit.rateLimitType === 'REQUEST_WEIGHT' ? r.ip : (r.apiKey ?? '')
        const windowMs = INTERVAL_MS[limit.interval] * limit.intervalNum
        const endsAt = (Math.floor(r.time / windowMs) + 1) * windowMs
        this.#usage.set(`${limit.rateLimitType} ${limit.intervalNum} ${limit.interval} ${who}`, {
          limit,
          endsAt,
        })
      }
    }
    this.#records = [...[...records].reverse(), ...this.#records].slice(0, KEPT)
    this.#render()
  }

  /** The time moved on: usages whose window has ended read 0. */
  tick(): void {
    this.#renderUsage()
  }

  #render(): void {
    fillTable(
      byId('requests'),
      this.#records.map((r) => [
        clockText(r.time, true),
        r.front === 'REST' ? `${r.method} (REST)` : r.method,
        { text: String(r.status), className: r.status === 200 ? 'status-ok' : 'status-err' },
        `${r.latencyMs.toFixed(2)} ms`,
        r.apiKey === null ? r.ip : r.apiKey.length > 12 ? `${r.apiKey.slice(0, 10)}…` : r.apiKey,
        weightText(r.rateLimits[0]),
      ]),
      'no requests yet',
    )
    this.#renderUsage()
  }

  #renderUsage(): void {
    const now = this.now()
    byId('limits').replaceChildren(
      ...[...this.#usage].map(([name, { limit, endsAt }]) =>
        meter(name, now < endsAt ? limit.count : 0, limit.limit),
      ),
    )
  }
}

function weightText(limit: RateLimit | undefined): string {
  return limit ? `${limit.count}/${limit.limit}` : ''
}

function meter(name: string, count: number, limit: number): HTMLElement {
  const [type = '', num = '', interval = '', ...who] = name.split(' ')
  const box = document.createElement('div')
  box.className = 'meter'
  const label = document.createElement('span')
  label.textContent = `${type} ${num} ${interval.toLowerCase()} · ${who.join(' ')}: ${count} / ${limit}`
  const track = document.createElement('div')
  const fill = document.createElement('i')
  const share = Math.min(1, count / limit)
  fill.style.width = `${(share * 100).toFixed(1)}%`
  if (share > 0.8) fill.className = 'high'
  track.append(fill)
  box.append(label, track)
  return box
}
