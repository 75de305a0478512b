// `emulator --replay FILE… [--speed N|max] [--from T] [--to T] [--report FILE]`: the replay options from the
// command line.
import { statSync } from 'node:fs'
import type { ReplayOptions } from '../emulator/index.js'
import { identifyFile } from '../emulator/replay/file-name.js'
import { integerFlag } from './args.js'
import { UsageError } from './command.js'

export const REPLAY_FLAGS = {
  replay: { type: 'string', multiple: true },
  speed: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  step: { type: 'string' },
  'quiet-ms': { type: 'string' },
  'wait-for-clients': { type: 'string' },
  report: { type: 'string' },
} as const

export const REPLAY_HELP = `  --replay <file>…   replay Binance's public spot data files (trades, aggTrades, klines;
                     .csv or .zip, named as published: BTCUSDT-trades-2025-03-01.zip,
                     the name says symbol and kind): they drive the market and the clock;
                     and depth snapshots you recorded (SYMBOL-depth-DATE.jsonl[.gz])
  --speed <n|max>    replay at n× real time, or as fast as the clients keep up (default max)
  --from <time>      replay from this time (ISO 8601, e.g. 2025-03-01T12:00Z, or ms)
  --to <time>        replay up to this time (inclusive)
  --step <ms>        at max: data time applied per step before waiting for the clients (default 1000)
  --quiet-ms <ms>    real ms without a request that make the clients idle, at max and
                     while waiting for clients (default 2)
  --wait-for-clients <n>  hold the data until n connections are open (default 0)
  --report <file>    when the data ends, write the report per account (trades, fees, PnL,
                     equity curve, drawdown, exposure) to <file> as JSON, its table beside
                     it (<file> with .txt) and on stdout`

interface ReplayFlagValues {
  readonly replay?: string[] | undefined
  readonly speed?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly step?: string | undefined
  readonly 'quiet-ms'?: string | undefined
  readonly 'wait-for-clients'?: string | undefined
  readonly report?: string | undefined
}

/** The replay options the flags give (`more`: file names after the flags), or undefined without --replay. */
export function replayOptions(values: ReplayFlagValues, more: readonly string[]): ReplayOptions | undefined {
  if (!values.replay) {
    if (
      values.speed ??
      values.from ??
      values.to ??
      values.step ??
      values['quiet-ms'] ??
      values['wait-for-clients'] ??
      values.report
    )
      throw new UsageError(
        '--speed, --from, --to, --step, --quiet-ms, --wait-for-clients and --report need --replay',
      )
    if (more.length) throw new UsageError(`unexpected argument '${more[0]}'`)
    return undefined
  }
  const options: ReplayOptions = { files: [...values.replay, ...more] }
  if (values.speed !== undefined) {
    const n = Number(values.speed)
    if (values.speed !== 'max' && !(n > 0 && Number.isFinite(n)))
      throw new UsageError(`--speed must be a number > 0 or 'max', got '${values.speed}'`)
    options.speed = values.speed === 'max' ? 'max' : n
  }
  if (values.from !== undefined) options.from = timeFlag('--from', values.from)
  if (values.to !== undefined) options.to = timeFlag('--to', values.to)
  // The ranges of lockstep.ts, so that a wrong value is bad usage.
  if (values.step !== undefined) options.step = integerFlag('--step', values.step, 1, Number.MAX_SAFE_INTEGER)
  if (values['quiet-ms'] !== undefined) options.quietMs = msFlag('--quiet-ms', values['quiet-ms'], 60_000)
  if (values['wait-for-clients'] !== undefined)
    options.waitForClients = integerFlag(
      '--wait-for-clients',
      values['wait-for-clients'],
      0,
      Number.MAX_SAFE_INTEGER,
    )
  if (values.report !== undefined) options.report = values.report
  return options
}

/** A number of ms from 0 to `max`. */
function msFlag(flag: string, text: string, max: number): number {
  const n = Number(text)
  if (text.trim() === '' || !(n >= 0 && n <= max))
    throw new UsageError(`${flag} must be a number from 0 to ${max}, got '${text}'`)
  return n
}

function timeFlag(flag: string, text: string): number {
  const t = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  if (!Number.isFinite(t))
    throw new UsageError(`${flag} must be an ISO 8601 time or ms since the epoch, got '${text}'`)
  return t
}

/**
 * Each file exists and its name says its symbol and kind (the command line has no other way to give them; code
 * can: `{ path, symbol, kind }`).
 */
export function checkReplayFiles(files: readonly string[]): void {
  for (const file of files) {
    const stat = statSync(file, { throwIfNoEntry: false })
    if (!stat) throw new UsageError(`--replay: not found: ${file}`)
    if (!stat.isFile()) throw new UsageError(`--replay: not a file: ${file}`)
    if (!identifyFile(file))
      throw new UsageError(
        `--replay ${file}: the file name must say the symbol and kind, as Binance names its files: ` +
          'SYMBOL-trades-DATE, SYMBOL-aggTrades-DATE or SYMBOL-<interval>-DATE (klines) with .zip or .csv, ' +
          'or SYMBOL-depth-DATE.jsonl[.gz]; e.g. BTCUSDT-trades-2026-01-01.zip (rename the file, or link it ' +
          'under such a name)',
      )
  }
}
