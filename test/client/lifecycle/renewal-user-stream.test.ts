// A user data stream through make-before-break renewals against the emulator (serverShutdown): no gap is reported
// when nothing was missed, and a firewall (WAF, 403) answer to the re-subscribe fails that renewal attempt, retried
// later while the old socket keeps delivering, instead of ending the stream. Before, a renewal with nothing in
// flight always reported a gap (the old socket was drained, and so closed, before the check), and a 403 ended the
// stream with the old socket.
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus, GapEvent, WebsocketAPIConnection } from '../../../src/client/index.js'
import type { UserDataStream } from '../../../src/client/user-data-stream.js'
import type { UserDataEvent } from '../../../src/protocol/events.js'
import { EventRecorder } from '../../support/event-recorder.js'
import { exchangePerTest } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

const exchange = exchangePerTest()

/** An Ed25519 account, logged on, its user data stream subscribed and recorded, its statuses and gaps too. */
async function start() {
  const kit = await exchange({ accounts: [{ apiKey: 'ed' }] })
  const conn = await kit.connect('ed', { reconnectDelay: 10 })
  const status = new EventRecorder<ConnectionStatus>()
  const gaps = new EventRecorder<GapEvent>()
  const errors: Error[] = []
  conn.on('status', (s) => status.push(s))
  conn.on('gap', (g) => gaps.push(g))
  const { stream } = await conn.userDataStreamSubscribe()
  const events = new EventRecorder<UserDataEvent>()
  stream.on('*', (e) => events.push(e))
  stream.on('error', (e) => errors.push(e))
  return { kit, conn, stream, events, status, gaps, errors }
}

/** Places an order and waits for its NEW executionReport on the stream. */
async function placeAndSee(conn: WebsocketAPIConnection, events: EventRecorder<UserDataEvent>) {
  const mark = events.mark()
  const { data } = await conn.orderPlace(limit('BTCUSDT', 'BUY', '50000.00', '0.00100'))
  await events.until((e) => e.e === 'executionReport' && e.i === data.orderId && e.x === 'NEW', mark)
}

const subscriptionOf = (stream: UserDataStream) => stream.subscriptionId

describe('a user data stream through a serverShutdown renewal', () => {
  it('with nothing in flight: the stream moves to the new socket, and no gap is reported', async () => {
    const { kit, conn, stream, events, status, gaps } = await start()
    const mark = status.mark()
    expect(kit.ex.serverShutdown({ disconnectAfter: 60_000 })).toBe(1)
    await status.until((s) => s.state === 'open', mark)
    expect(status.items.slice(mark).map((s) => s.state)).toEqual(['renewing', 'open'])
    await placeAndSee(conn, events)
    expect(gaps.items).toEqual([])
    expect(stream.isEnded).toBe(false)
  })

  it('a WAF (403) answer to the re-subscribe fails that attempt: the old socket keeps delivering, the retry moves it', async () => {
    const { kit, conn, stream, events, status, gaps, errors } = await start()
    const before = subscriptionOf(stream)
    kit.ex.failNext({ method: 'userDataStream.subscribe', error: 'WAF' })
    const mark = status.mark()
    kit.ex.serverShutdown({ disconnectAfter: 60_000 })
    const failed = await status.until((s) => s.state === 'open' || 'retryIn' in s, mark)
    expect(failed).toMatchObject({ state: 'renewing', reason: expect.stringContaining('status 403') })
    // The stream lives on: its old socket still delivers.
    expect(stream.isEnded).toBe(false)
    expect(subscriptionOf(stream)).toBe(before)
    await placeAndSee(conn, events)

    await status.until((s) => s.state === 'open', mark)
    await placeAndSee(conn, events)
    expect(stream.isEnded).toBe(false)
    expect(errors).toEqual([])
    expect(gaps.items).toEqual([])
  })

  it('a WAF answer to the re-subscribe after a reconnect fails that attempt, retried with backoff', async () => {
    const { kit, conn, stream, events, status, errors } = await start()
    kit.ex.failNext({ method: 'userDataStream.subscribe', error: 'WAF' })
    const mark = status.mark()
    expect(kit.ex.dropConnections()).toBe(1)
    await status.until((s) => s.state === 'open', mark)
    // The first reconnect's setup failed on the 403; a later one subscribed again.
    expect(status.items.slice(mark).filter((s) => s.state === 'reconnecting')).toHaveLength(2)
    await placeAndSee(conn, events)
    expect(stream.isEnded).toBe(false)
    expect(errors).toEqual([])
  })
})
