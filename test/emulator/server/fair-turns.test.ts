// One connection's burst of pipelined frames does not hold the WebSocket API while another connection waits
// (docs/emulator-fidelity.md H8): both connect from one IP, so the REQUEST_WEIGHT count in the good client's answer
// tells how many of the burst's requests ran before its own.
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CONNECTION_WEIGHT } from '../../../src/emulator/exchange/limits/rules.js'
import { exchangePerTest, T0 } from '../../support/exchange.js'
import { maskedText, nonReader } from '../../support/raw-socket.js'

const exchange = exchangePerTest()
const sockets: Socket[] = []
const clients: WebSocket[] = []
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy()
  for (const c of clients.splice(0)) c.terminate()
})

const BURST = 1500

describe('pipelined frames take turns (fidelity H8)', () => {
  it("a burst of 1,500 pings on one connection does not delay another connection's ping behind it", async () => {
    const { ex } = await exchange({ now: () => T0 })
    const burst = await nonReader(ex.port, '/ws-api/v3')
    sockets.push(burst)
    let answers = ''
    burst.on('data', (chunk: Buffer) => {
      answers += chunk.toString('latin1')
    })
    await expect.poll(() => answers.startsWith('HTTP/1.1 101')).toBe(true)
    const good = new WebSocket(ex.url)
    clients.push(good)
    await once(good, 'open')

    const upgraded = answers.length
    burst.write(Buffer.concat(Array.from({ length: BURST }, () => maskedText('{"id":1,"method":"ping"}'))))
    await expect.poll(() => answers.length > upgraded, { interval: 0 }).toBe(true)
    const answer = once(good, 'message')
    good.send('{"id":"good","method":"ping"}')
    const { rateLimits } = JSON.parse(String(((await answer) as [Buffer])[0])) as {
      rateLimits: { rateLimitType: string; count: number }[]
    }
    const weight = rateLimits.find((r) => r.rateLimitType === 'REQUEST_WEIGHT')?.count ?? Number.NaN
    const burstRanBefore = weight - 2 * CONNECTION_WEIGHT - 1
    expect(burstRanBefore).toBeGreaterThanOrEqual(1)
    expect(burstRanBefore).toBeLessThan(BURST / 4)
    // Every request of the burst is still answered.
    await expect.poll(() => answers.split('"result":{}').length - 1, { timeout: 10_000 }).toBe(BURST)
  })
})
