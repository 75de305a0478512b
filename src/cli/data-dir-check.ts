// `binance-spot-ws emulator --check --data-dir DIR`: the data dir read as a start would read it, nothing changed,
// nothing served; what it holds printed (or one `datadir.check` JSON line), exit 0, or the damage and exit 3.
import { checkDataDir, DataDirError } from '../emulator/index.js'
import type { EmulatorOptions } from '../emulator/options.js'
import { EXIT } from './command.js'
import { out, printError, say } from './output.js'
import { paint } from './style.js'

const count = (n: number) => n.toLocaleString('en-US')
const counted = (n: number, what: string) => `${count(n)} ${what}${n === 1 ? '' : 's'}`

export async function checkCommand(
  options: EmulatorOptions & { dataDir: string },
  json: boolean,
): Promise<number> {
  let report: Awaited<ReturnType<typeof checkDataDir>>
  try {
    report = await checkDataDir(options)
  } catch (err) {
    if (!(err instanceof DataDirError)) throw err
    if (json) out(`${JSON.stringify({ type: 'datadir.check', ok: false, error: err.message })}\n`)
    printError(`error: ${err.message}`)
    return EXIT.dataDir
  }
  if (json) {
    out(`${JSON.stringify({ type: 'datadir.check', ok: true, ...report })}\n`)
    return EXIT.ok
  }
  const { snapshot, state, torn } = report
  say(`${report.dir}: ${paint('green', 'readable')}, as a start would read it (nothing was changed)`)
  say(
    `  journal   ${counted(report.records, 'record')}: ${
      snapshot ? `${snapshot.file} covers ${count(snapshot.records)}, ` : 'no snapshot yet, '
    }${count(report.replayed)} after it replayed`,
  )
  say(`  history   ${counted(report.historyChunks, 'chunk')} the snapshot refers to, checksums checked`)
  if (torn) {
    say(
      `  torn      ${torn.file}: ${torn.what} at byte ${torn.offset}, a write a crash cut short; a start drops it`,
    )
  }
  say(
    `  state     ${counted(state.accounts, 'account')}, ${counted(state.openOrders, 'open order')}, ${counted(state.trades, 'trade')}`,
  )
  return EXIT.ok
}
