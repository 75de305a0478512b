import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { makeDriver } from './lib/drivers.js'
const url = process.argv[2]!
const ed = generateKeyPairSync('ed25519')
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const d = await makeDriver((process.argv[3] ?? 'raw') as 'raw', (process.argv[4] ?? 'ping') as 'ping', url, { hmacApiKey: 'a', hmacSecret: 'b', edApiKey: 'c', ed25519Pem: pem, ed25519: createPrivateKey(pem) })
if ('na' in d) throw new Error()


await Promise.all(Array.from({ length: 64 }, async () => { for (let i = 0; i < 500; i++) await d.call() }))
const session = new Session()
session.connect()
await session.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never)
let n = 0
const N = 100_000
const t0 = performance.now()
await Promise.all(Array.from({ length: 64 }, async () => { while (n < N) { n++; await d.call() } }))
console.log(process.argv[3], process.argv[4], ((N / (performance.now() - t0)) * 1000).toFixed(0), 'req/s')
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown }
writeFileSync(`/tmp/hp/${process.argv[3]}.heapprofile`, JSON.stringify(profile))
process.exit(0)
