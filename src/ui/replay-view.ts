// A replay's progress above the chart, from the control API's `replay` events: the data time reached, the share of
// the input replayed (a bar), and the speed in × real time measured between the events the page received.
import type { ReplayProgress } from '../emulator/replay/replay-feed.js'
import { byId } from './dom.js'

const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`

export class ReplayView {
  /** The first progress seen (data time, page time): the speed is measured from it. */
  #first: { time: number; at: number } | undefined

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
  }
}
