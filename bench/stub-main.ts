// Child-process entry: runs the stub server on its own core and reports its CPU use on request (IPC).
import { startStubServer } from './lib/stub-server.js'

const server = await startStubServer(0)
process.on('message', (msg: { type: string; seq: number }) => {
  if (msg.type === 'usage') {
    process.send?.({
      seq: msg.seq,
      cpu: process.cpuUsage(),
      at: performance.now(),
      answered: server.answered(),
    })
  } else if (msg.type === 'close') {
    void server.close().then(() => process.exit(0))
  }
})
process.send?.({ type: 'ready', url: server.url, port: server.port })
