// Child-process entry: runs the REST stub server and reports its CPU use on request (IPC).
import './lib/loopback-only.js'
import { startRestStub } from './lib/rest-stub.js'

const server = await startRestStub()
process.on('message', (msg: { type: string; seq: number }) => {
  if (msg.type === 'usage') {
    process.send?.({ seq: msg.seq, cpu: process.cpuUsage(), at: performance.now() })
  } else if (msg.type === 'close') {
    void server.close().then(() => process.exit(0))
  }
})
process.send?.({ type: 'ready', url: server.url })
