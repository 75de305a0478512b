// The soak's emulator in its own process, controlled over IPC (started by emulator-process.ts): the first message
// is its options (they hold the accounts' secrets, so not argv); then it reports `ready` and answers each command once.
import { type StalledRequest, startEmulator } from '../../src/emulator/index.js'
import type { ChildMessage, ControlRequest, RunnerOptions } from './control-messages.js'

const send = (m: ChildMessage) => process.send?.(m)
const options = await new Promise<RunnerOptions>((resolve) => process.once('message', resolve))
const ex = await startEmulator(options)
const stalls = new Map<number, StalledRequest>()

function run(r: ControlRequest): unknown {
  switch (r.op) {
    case 'dropConnections':
      return ex.dropConnections()
    case 'serverShutdown':
      return ex.serverShutdown(r.options)
    case 'failNext':
      return ex.failNext(r.options)
    case 'stallNext': {
      const stall = ex.stallNext(r.options)
      stalls.set(r.stall, stall)
      return undefined
    }
    case 'release':
      stalls.get(r.stall)?.release()
      stalls.delete(r.stall)
      return undefined
    case 'dropStreams':
      return ex.streams.dropStreams()
    case 'injectGap':
      return ex.streams.injectGap(r.symbol)
    case 'close':
      for (const s of stalls.values()) s.release()
      void ex.close().then(() => process.exit(0))
      return undefined
  }
}

process.on('message', (r: ControlRequest) => {
  try {
    send({ type: 'reply', id: r.id, ok: true, result: run(r) ?? null })
  } catch (err) {
    send({ type: 'reply', id: r.id, ok: false, error: String(err) })
  }
})
// The soak is gone (it ended or crashed): nothing may outlive it.
process.on('disconnect', () => process.exit(0))
send({ type: 'ready', port: ex.port, url: ex.url, streamsUrl: ex.streams.url })
