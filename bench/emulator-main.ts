// Child-process entry: runs the emulator (bench accounts, limits lifted) and reports its CPU use on request (IPC).
import './lib/loopback-only.js'
import { type BenchAccounts, startBenchEmulator } from './lib/emulator-setup.js'

const [, , accounts, dataDir, snapshotEvery, snapshotInlineMs] = process.argv
const ex = await startBenchEmulator(JSON.parse(accounts ?? '{}') as BenchAccounts, dataDir, {
  ...(snapshotEvery && { snapshotEvery: Number(snapshotEvery) }),
  ...(snapshotInlineMs && { snapshotInlineMs: Number(snapshotInlineMs) }),
})
process.on('message', (msg: { type: string; seq: number }) => {
  if (msg.type === 'usage') {
    process.send?.({
      seq: msg.seq,
      cpu: process.cpuUsage(),
      at: performance.now(),
      elu: performance.eventLoopUtilization(),
    })
  } else if (msg.type === 'close') {
    void ex.close().then(() => process.exit(0))
  }
})
process.send?.({ type: 'ready', url: ex.url, port: ex.port })
