// The client's timers keep a process alive only while the user awaits something: a script awaiting
// resolveOrderOutcome while its socket is down still gets its answer; an idle client whose socket dropped lets
// the process end instead of waiting out its reconnect delay.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../../../src/emulator/index.js'
import { buildClient, type ClientBuild, runScript } from './client-process.js'

let build: ClientBuild
let ex: Emulator | undefined

beforeAll(() => {
  build = buildClient()
})

afterAll(() => build.remove())

afterEach(async () => {
  await ex?.close()
  ex = undefined
})

const start = async () => {
  ex = await startEmulator({
    port: 0,
    liquidity: false,
    accounts: [{ apiKey: 'kc', hmacSecret: 'sc', balances: { USDT: '100000' } }],
  })
  return ex
}

const CLIENT = `
import { SpotWebsocketAPI } from './client/index.js'
const api = new SpotWebsocketAPI({
  wsURL: process.env.URL, apiKey: 'kc', apiSecret: 'sc',
  recvWindow: 1000, reconnectDelay: Number(process.env.RECONNECT), maxReconnectDelay: Number(process.env.RECONNECT),
})
const conn = await api.connect()
console.log('connected')
`

describe('process lifetime', () => {
  it('a script awaiting resolveOrderOutcome while reconnecting prints its answer and exits 0', async () => {
    const ex = await start()
    const stall = ex.stallNext({ method: 'order.place' })
    const child = runScript(
      build,
      `${CLIENT}
const err = await conn.orderPlace({
  symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '50000.00', quantity: '0.00100',
}).catch((e) => e)
console.log('lost', err.name)
const out = await conn.resolveOrderOutcome(err)
console.log('outcome', JSON.stringify({ found: out.found, method: out.method }))
await conn.disconnect()
`,
      { URL: ex.url, RECONNECT: '200' },
    )
    await stall.arrived
    expect(ex.dropConnections()).toBe(1)
    expect(await child.line(/^lost/)).toBe('lost OutcomeUnknownError')
    const run = await child.done
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain('outcome {"found":false,"method":"order.place"}')
    expect(run.code).toBe(0)
  })

  it('an idle client whose socket dropped does not keep the process alive through its reconnect delay', async () => {
    const ex = await start()
    const child = runScript(build, `${CLIENT}conn.on('status', (s) => console.log('status', s.state))\n`, {
      URL: ex.url,
      RECONNECT: '60000',
    })
    await child.line(/^connected/)
    expect(ex.dropConnections()).toBe(1)
    const run = await child.done
    expect(run.stdout).toContain('status reconnecting')
    expect(run.code).toBe(0)
  })
})
