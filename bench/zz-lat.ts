import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { makeDriver } from './lib/drivers.js'
import { startStubServer } from './lib/stub-server.js'
const url = process.argv[2] ?? (await startStubServer(0)).url
const ed = generateKeyPairSync('ed25519')
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const d = await makeDriver((process.argv[3] ?? 'raw') as 'raw', 'ping', url, { hmacApiKey: 'a', hmacSecret: 'b', edApiKey: 'c', ed25519Pem: pem, ed25519: createPrivateKey(pem) })
if ('na' in d) throw new Error()
for (let r = 0; r < 6; r++) {
  const s: number[] = []
  const end = performance.now() + 500
  while (performance.now() < end) { const t = performance.now(); await d.call(); s.push((performance.now() - t) * 1000) }
  s.sort((a, b) => a - b)
  console.log(process.argv[3] ?? 'raw', 'p50', s[s.length >> 1]!.toFixed(0), 'n', s.length)
}
process.exit(0)
