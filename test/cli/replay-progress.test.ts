// The replay's progress as the command line shows it: the terminal's bar (redrawn in place), the plain line and the
// `--log json` record, from one progress reading.
import { describe, expect, it } from 'vitest'
import { progressBar, progressLine, progressRecord } from '../../src/cli/replay-progress.js'
import type { ReplayProgress } from '../../src/emulator/index.js'

const FIRST = Date.UTC(2025, 2, 1)
const halfway: ReplayProgress = {
  time: FIRST + 6 * 3_600_000,
  firstTime: FIRST,
  lastTime: FIRST + 12 * 3_600_000,
  trades: 523_456,
  totalTrades: 1_000_000,
  done: false,
  stopped: false,
}

describe('replay progress', () => {
  it('draws a bar of the share replayed, the data time reached and the speed in × real time', () => {
    // 6 h of data in 10 s of real time: 2160× real time.
    expect(progressBar(halfway, 10_000)).toBe(
      'replay [█████████████░░░░░░░░░░░]  52.3%  2025-03-01T06:00:00Z  2,160× real time',
    )
    expect(progressBar({ ...halfway, time: FIRST + 90_000, trades: 0 }, 60_000)).toBe(
      'replay [░░░░░░░░░░░░░░░░░░░░░░░░]   0.0%  2025-03-01T00:01:30Z  1.5× real time',
    )
    const ended = { ...halfway, time: halfway.lastTime, trades: 1_000_000, done: true }
    expect(progressBar(ended, 20_000)).toBe(
      'replay [████████████████████████] 100.0%  2025-03-01T12:00:00Z  data ended',
    )
  })

  it('cuts the bar to the terminal width, so that redrawing it in place never wraps', () => {
    const bar = progressBar(halfway, 10_000, 40)
    expect(bar).toBe('replay [█████████████░░░░░░░░░░░]  52.3')
    expect(bar.length).toBe(39)
  })

  it('says the same in a plain line and in a JSON record', () => {
    expect(progressLine(halfway, 10_000)).toBe(
      'replay: replaying at 2025-03-01T06:00:00.000Z  52.3% (523456/1000000 trades)  2160.0× real time',
    )
    expect(progressRecord(halfway, 10_000)).toEqual({
      type: 'replay.progress',
      time: halfway.time,
      dataTime: '2025-03-01T06:00:00.000Z',
      percent: '52.3',
      trades: 523_456,
      totalTrades: 1_000_000,
      speed: 2160,
      done: false,
      stopped: false,
    })
  })

  it('a replay stopped before the data ended says stopped, not data ended (done false)', () => {
    const stopped = { ...halfway, stopped: true }
    expect(progressBar(stopped, 10_000)).toBe(
      'replay [█████████████░░░░░░░░░░░]  52.3%  2025-03-01T06:00:00Z  stopped',
    )
    expect(progressLine(stopped, 10_000)).toMatch(/^replay: stopped at 2025-03-01T06:00:00\.000Z {2}52\.3%/)
    expect(progressRecord(stopped, 10_000)).toMatchObject({ done: false, stopped: true })
  })
})
