// A user data stream the server refuses to subscribe again after a reconnect ends with that refusal (its `error`
// listeners, `stream.error`, its `for await` throws it) and is not subscribed again; the connection comes up and
// serves, and the other streams go on. Against a scripted server; before, the refusal failed the setup of every
// reconnect and no request was ever sent again.
import { afterEach, describe, expect, it } from 'vitest'
import { BinanceError } from '../../../src/client/index.js'
import type { UserDataEvent } from '../../../src/protocol/events.js'
import { awaitReconnect, cleanup, connect } from '../../support/fault-kit.js'
import { rejectionOf } from '../../support/rejection.js'
import { countOf, fail, ok, type Script } from '../../support/scripted-server.js'

afterEach(cleanup)

const MISSING_KEY = "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed."

describe('a re-subscribe the server refuses', () => {
  it('ends that stream with the error and drops it; the connection opens and serves; other streams go on', async () => {
    let subscribes = 0
    const script: Script = (req) => {
      if (req.method !== 'userDataStream.subscribe.signature')
        return req.method === 'time' ? undefined : ok(req)
      subscribes += 1
      // The third subscribe is the first stream's re-subscribe on the second socket.
      if (subscribes === 3) return fail(req, 400, -1102, MISSING_KEY)
      return ok(req, { subscriptionId: subscribes })
    }
    const h = await connect(script)
    const { server, conn } = h
    const refused = (await conn.userDataStreamSubscribeSignature()).stream
    const kept = (await conn.userDataStreamSubscribeSignature()).stream
    const errors: Error[] = []
    refused.on('error', (e) => errors.push(e))
    const reading = rejectionOf(
      (async () => {
        for await (const _ of refused);
      })(),
    )

    const mark = h.status.mark()
    server.connections[0]!.terminate()
    await awaitReconnect(h, mark)
    expect(h.status.since(mark).map((s) => s.state)).toEqual(['reconnecting', 'connecting', 'open'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(BinanceError)
    expect(errors[0]).toMatchObject({ code: -1102, method: 'userDataStream.subscribe.signature' })
    expect(refused.error).toBe(errors[0])
    expect(refused.isEnded).toBe(true)
    expect(await reading).toBe(errors[0])
    expect(await h.gaps.until(() => true)).toMatchObject({ streams: 1 })
    await expect(conn.ping()).resolves.toMatchObject({ status: 200 })

    expect(kept.subscriptionId).toBe(4)
    const seen: UserDataEvent[] = []
    kept.on('*', (e) => seen.push(e))
    const event = { e: 'balanceUpdate', E: 7, a: 'BTC', d: '1', T: 7 } as const
    server.send(server.connections[1]!, { subscriptionId: 4, event })
    await server.roundTrip(server.connections[1]!)
    await new Promise((r) => setImmediate(r))
    expect(seen).toEqual([event])

    // The dropped stream is not subscribed again.
    const again = h.status.mark()
    server.connections[1]!.terminate()
    await awaitReconnect(h, again)
    expect(countOf(server.requestsOn(server.connections[2]!), 'userDataStream.subscribe.signature')).toBe(1)
    expect(kept.isEnded).toBe(false)
  })
})
