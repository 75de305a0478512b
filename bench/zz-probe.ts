import './lib/loopback-only.js'
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { WebSocketServer } from 'ws'
import { CASES, CLIENTS, makeDriver } from './lib/drivers.js'
import { answer } from './lib/stub-server.js'

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws-api/v3' })
await new Promise((r) => wss.once('listening', r))
const port = (wss.address() as { port: number }).port
let log: string[] = []
wss.on('connection', (ws) => ws.on('message', (d) => { log.push(d.toString()); ws.send(answer(d.toString())) }))
const ed = generateKeyPairSync('ed25519')
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
for (const c of CASES) for (const cl of CLIENTS) {
  log = []
  const d = await makeDriver(cl, c, `ws://127.0.0.1:${port}/ws-api/v3`, { hmacApiKey: 'hk', hmacSecret: 'hs', edApiKey: 'ek', ed25519Pem: pem, ed25519: createPrivateKey(pem) })
  if ('na' in d) { console.log(c, cl, 'NA'); continue }
  const r = await d.call()
  await d.call()
  console.log(`--- ${c} ${cl}: result keys ${Object.keys(r as object).slice(0, 5)}`)
  for (const l of log) console.log('   ', l.slice(0, 400))
  await d.close()
}
wss.close()
