// A replay's progress above the chart, from the control API's `replay` events: the data time reached, the share of
// the input replayed (a bar), and the speed in × real time measured between the events the page received. Under it
// the report's headline figures per account (`GET /control/replay/report`): read when the data ends, and on demand.
import type { ReplayProgress } from '../emulator/replay/replay-feed.js'
import type { ReplayReport } from '../emulator/replay/report.js'
import type { ControlClient } from './control-client.js'
import { byId, fillTable, trim } from './dom.js'
import { authHeaders } from './events.js'

const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`

export class ReplayView {
  /** The first progress seen (data time, page time): the speed is measured from it. */
  #first: { time: number; at: number } | undefined
  /** Whether the report was read once the data ended. */
  #reportedEnd = false

  constructor(private readonly control: ControlClient) {
    byId('replay-report-button').addEventListener('click', () => void this.showReport())
  }

  update(p: ReplayProgress): void {
    const at = performance.now()
    this.#first ??= { time: p.time, at }
    const percent = p.totalTrades ? (100 * p.trades) / p.totalTrades : 100
    byId('replay').hidden = false
    byId<HTMLProgressElement>('replay-bar').value = percent
    byId('replay-percent').textContent = `${percent.toFixed(1)}%`
    byId('replay-time').textContent = isoSeconds(p.time)
    const real = at - this.#first.at
    const speed = real > 0 ? (p.time - this.#first.time) / real : 0
    byId('replay-speed').textContent = p.done
      ? 'data ended'
      : real > 0
        ? `${speed >= 100 ? Math.round(speed).toLocaleString('en-US') : speed.toFixed(1)}× real time`
        : 'replaying'
    byId('replay').classList.toggle('ended', p.done)
    if (p.done && !this.#reportedEnd) {
      this.#reportedEnd = true
      void this.showReport()
    }
  }

  /** Reads the report at the data time reached and shows one row per account. */
  async showReport(): Promise<void> {
    const res = await fetch('/control/replay/report', { headers: authHeaders(this.control.token) })
    const body = (await res.json()) as { result?: ReplayReport; error?: { msg: string } }
    const report = body.result
    if (!report) {
      byId('action-result').textContent = body.error?.msg ?? `report: HTTP ${res.status}`
      return
    }
    const table = byId<HTMLTableElement>('replay-report')
    table.hidden = false
    byId('replay-report-asset').textContent = report.valuationAsset
    const percent = (fraction: string | null) =>
      fraction === null ? '–' : `${(Number(fraction) * 100).toFixed(2)}%`
    const signed = (amount: string) => ({
      text: trim(amount),
      className: amount.startsWith('-') ? 'loss' : 'gain',
    })
    fillTable(
      table,
      report.accounts.map((a) => [
        a.apiKey,
        String(a.trades),
        trim(a.feesInValuation),
        signed(a.netPnl),
        percent(a.totalReturn),
        `${a.maxDrawdown.percent}%`,
        a.sharpe ?? '–',
      ]),
      'no account traded',
    )
    table.dataset['to'] = String(report.to)
  }
}
