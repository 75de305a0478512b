import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { SpotWebsocketAPI } from '../src/client/index.js'
const url = process.argv[2]!
const variant = process.argv[3] ?? 'default'
const ed = generateKeyPairSync('ed25519')
const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const api = new SpotWebsocketAPI({ wsURL: url, apiKey: 'k', privateKey: pem, autoSessionLogon: true, autoClientOrderId: variant !== 'noid' })
const conn = await api.connect()
const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '0.00100', newOrderRespType: 'FULL' } as const
const call = variant === 'ping' ? () => conn.ping() : variant === 'time' ? () => conn.time() : () => conn.orderPlace({ ...ORDER })
await Promise.all(Array.from({ length: 64 }, async () => { for (let i = 0; i < 500; i++) await call() }))
const session = new Session()
session.connect()
await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never)
let n = 0
const N = 50_000
await Promise.all(Array.from({ length: 64 }, async () => { while (n < N) { n++; await call() } }))
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown }
writeFileSync(`/tmp/hp/${variant}.heapprofile`, JSON.stringify(profile))
process.exit(0)
