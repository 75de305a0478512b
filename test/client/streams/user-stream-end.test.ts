// A user data stream the server ends (`eventStreamTerminated`: after session.logout, a logon with another key, a key
// deleted) ends in the client too: its iterators finish after that event instead of waiting forever, and a reconnect
// does not subscribe it again. Against the emulator, over real sockets.
import { afterEach, describe, expect, it } from 'vitest'
import type { UserDataStream } from '../../../src/client/index.js'
import type { UserDataEvent } from '../../../src/protocol/events.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'

let kit: TestExchange | undefined
afterEach(async () => {
  await kit?.close()
  kit = undefined
})

/** Every event of `stream` until its iterator finishes. */
async function drain(stream: UserDataStream): Promise<string[]> {
  const seen: UserDataEvent[] = []
  for await (const event of stream) seen.push(event)
  return seen.map((e) => e.e)
}

describe('a user data stream the server ends', () => {
  it('session.logout: the stream ends after its eventStreamTerminated; a reconnect does not subscribe it again', async () => {
    const k = await startExchange({ clock: T0, accounts: [{ apiKey: 'ed1' }] })
    kit = k
    const conn = await k.connect('ed1', { reconnectDelay: 10 })
    const { stream } = await conn.userDataStreamSubscribe()
    const seen = drain(stream)
    k.ex.deposit('ed1', 'USDT', '1')
    await conn.sessionLogout()
    expect(await seen).toEqual(['balanceUpdate', 'outboundAccountPosition', 'eventStreamTerminated'])
    expect(stream.isEnded).toBe(true)

    const [old] = k.ex.connections()
    k.ex.dropConnections()
    await expect.poll(() => k.ex.connections().map((c) => c.id === old?.id)).toEqual([false])
    expect((await conn.ping()).status).toBe(200)
    expect(k.ex.connections()[0]?.subscriptions).toEqual([])
  })

  it("a deleted key: its signature stream ends, the account's other streams go on", async () => {
    const k = await startExchange({
      clock: T0,
      accounts: [
        { apiKey: 'h1', key: 'hmac', secret: 's1' },
        { apiKey: 'h2', key: 'hmac', secret: 's2' },
      ],
    })
    kit = k
    k.ex.addKey('h1', { apiKey: 'h1-spare', hmacSecret: 'spare' })
    const [one, two] = await k.connectAll(['h1', 'h2'])
    const ending = (await one.userDataStreamSubscribeSignature()).stream
    const going = (await two.userDataStreamSubscribeSignature()).stream
    const seen = drain(ending)
    expect(k.ex.removeKey('h1')).toEqual({ sessions: 0, subscriptions: 1 })
    expect(await seen).toEqual(['eventStreamTerminated'])
    const next = new Promise<UserDataEvent>((resolve) => going.on('*', resolve))
    k.ex.deposit('h2', 'USDT', '1')
    expect((await next).e).toBe('balanceUpdate')
    expect(going.isEnded).toBe(false)
  })
})
