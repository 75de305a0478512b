import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { makeDriver } from './lib/drivers.js'
const url = process.argv[2]!
const ed = generateKeyPairSync('ed25519')
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const d = await makeDriver((process.argv[3] ?? 'raw') as 'raw', (process.argv[4] ?? 'ping') as 'ping', url, { hmacApiKey: 'a', hmacSecret: 'b', edApiKey: 'c', ed25519Pem: pem, ed25519: createPrivateKey(pem) })
if ('na' in d) throw new Error()
const line: string[] = []
for (let r = 0; r < 10; r++) {
  const end = performance.now() + 1000
  let n = 0
  const t0 = performance.now()
  await Promise.all(Array.from({ length: 64 }, async () => { while (performance.now() < end) { await d.call(); n++ } }))
  line.push(((n / (performance.now() - t0)) * 1000).toFixed(0))
}
console.log(process.argv[3], process.argv[4], line.join(' '))
process.exit(0)
