// userDataStream.subscribe.signature carries its own apiKey, timestamp and signature on a logged-on session too (its
// params are mandatory and it works "in any session, authenticated or not": spec/web-socket-api.md), so it subscribes
// there, and a reconnect that logs on again subscribes it again. Against the emulator, over real sockets; before, the
// session dropped them (-1102 "Mandatory parameter 'apiKey'") and every reconnect failed on the re-subscribe.
import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionStatus, UserDataStream } from '../../../src/client/index.js'
import type { UserDataEvent } from '../../../src/protocol/events.js'
import { EventRecorder } from '../../support/event-recorder.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'

let kit: TestExchange | undefined
afterEach(async () => {
  await kit?.close()
  kit = undefined
})

async function exchange(): Promise<TestExchange> {
  kit = await startExchange({ clock: T0, accounts: [{ apiKey: 'ed1' }] })
  return kit
}

/** The next event of `stream`. */
const nextEvent = (stream: UserDataStream) =>
  new Promise<UserDataEvent>((resolve) => {
    const fn = (e: UserDataEvent) => {
      stream.off('*', fn)
      resolve(e)
    }
    stream.on('*', fn)
  })

describe('userDataStream.subscribe.signature on a logged-on session', () => {
  it('is signed and subscribes (autoSessionLogon)', async () => {
    const k = await exchange()
    const conn = await k.connect('ed1')
    expect(k.ex.connections()[0]?.apiKey).toBe('ed1')
    const { response, stream } = await conn.userDataStreamSubscribeSignature()
    expect(response.status).toBe(200)
    const next = nextEvent(stream)
    k.ex.deposit('ed1', 'USDT', '1')
    expect((await next).e).toBe('balanceUpdate')
  })

  it('logged on after subscribing: a reconnect logs on, subscribes it again, and the connection serves', async () => {
    const k = await exchange()
    const conn = await k.connect('ed1', { autoSessionLogon: false, reconnectDelay: 10 })
    const { stream } = await conn.userDataStreamSubscribeSignature()
    await conn.sessionLogon()
    const status = new EventRecorder<ConnectionStatus>()
    conn.on('status', (s) => status.push(s))
    k.ex.dropConnections()
    await status.until((s) => s.state === 'open')
    expect(status.items.map((s) => s.state)).toEqual(['reconnecting', 'connecting', 'open'])
    expect(k.ex.connections()[0]).toMatchObject({
      apiKey: 'ed1',
      subscriptions: [{ subscriptionId: 0, apiKey: 'ed1' }],
    })
    await expect(conn.time()).resolves.toMatchObject({ status: 200 })
    const next = nextEvent(stream)
    k.ex.deposit('ed1', 'USDT', '1')
    expect((await next).e).toBe('balanceUpdate')
    expect(stream.isEnded).toBe(false)
  })
})
