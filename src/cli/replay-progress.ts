// The replay's progress on the command line: a bar redrawn in place on a terminal, a plain line now and then
// otherwise, or `{"type":"replay.progress", …}` records with `--log json`; the last one when the data ends.
import type { EmulatorReplay, ReplayProgress } from '../emulator/index.js'

/** How the progress is shown: `tty` (a bar in place), `plain` (a line now and then) or `json` (records). */
export type ProgressMode = 'tty' | 'plain' | 'json'

/** Real ms between two redraws of each mode. */
const PROGRESS_EVERY: Readonly<Record<ProgressMode, number>> = { tty: 250, plain: 10_000, json: 1_000 }

const BAR_WIDTH = 24

const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`

/** % of the input's trades replayed, one decimal. */
function percentOf(p: ReplayProgress): string {
  return (p.totalTrades ? (100 * p.trades) / p.totalTrades : 100).toFixed(1)
}

/** Data ms per real ms since the replay started. */
function speedOf(p: ReplayProgress, realMs: number): number {
  return realMs > 0 ? (p.time - p.firstTime) / realMs : 0
}

function speedText(speed: number): string {
  return `${speed >= 100 ? Math.round(speed).toLocaleString('en-US') : speed.toFixed(1)}× real time`
}

/** The bar of a terminal: `replay [█████░░░]  52.3%  2025-03-01T12:00:00Z  1,234× real time`, cut to `columns`. */
export function progressBar(p: ReplayProgress, realMs: number, columns = 80): string {
  const share = p.totalTrades ? p.trades / p.totalTrades : 1
  const filled = Math.round(share * BAR_WIDTH)
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
  const state = p.done ? 'data ended' : p.stopped ? 'stopped' : speedText(speedOf(p, realMs))
  const line = `replay [${bar}] ${percentOf(p).padStart(5)}%  ${isoSeconds(p.time)}  ${state}`
  return line.length > columns ? line.slice(0, Math.max(0, columns - 1)) : line
}

/** One plain progress line: data time reached, % of the input, speed in × real time. */
export function progressLine(p: ReplayProgress, realMs: number): string {
  const state = p.done ? 'data ended' : p.stopped ? 'stopped' : 'replaying'
  return `replay: ${state} at ${new Date(p.time).toISOString()}  ${percentOf(p)}% (${p.trades}/${p.totalTrades} trades)  ${speedOf(p, realMs).toFixed(1)}× real time`
}

/** The `--log json` record of the progress. */
export function progressRecord(p: ReplayProgress, realMs: number) {
  return {
    type: 'replay.progress',
    time: p.time,
    dataTime: new Date(p.time).toISOString(),
    percent: percentOf(p),
    trades: p.trades,
    totalTrades: p.totalTrades,
    speed: Number(speedOf(p, realMs).toFixed(1)),
    done: p.done,
    stopped: p.stopped,
  } as const
}

/**
 * Shows `replay`'s progress in `mode` on `write` every PROGRESS_EVERY ms of real time until the data ends, then
 * once more (a terminal's bar then ends its line). Resolves after that last one.
 */
export async function showProgress(
  replay: Pick<EmulatorReplay, 'progress' | 'done'>,
  mode: ProgressMode,
  write: (text: string) => void,
  columns: () => number = () => 80,
): Promise<void> {
  const start = performance.now()
  const draw = () => {
    const p = replay.progress()
    const real = performance.now() - start
    if (mode === 'json') write(`${JSON.stringify(progressRecord(p, real))}\n`)
    else if (mode === 'plain') write(`${progressLine(p, real)}\n`)
    else write(`\r\x1b[2K${progressBar(p, real, columns())}${p.done || p.stopped ? '\n' : ''}`)
  }
  const timer = setInterval(draw, PROGRESS_EVERY[mode]).unref()
  if (mode === 'tty') draw()
  await replay.done
  clearInterval(timer)
  draw()
}
