// Pool mode against the emulator: when the primary socket is lost, the user data stream moves to the other open
// socket. A move whose re-subscribe fails there (the firewall's 403, a 5xx: the socket stays open) is tried again
// with backoff until the stream is back, with a gap; before, the stream was left with no subscription and no word.
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { GapEvent } from '../../../src/client/index.js'
import { exchangePerTest } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

const exchange = exchangePerTest()

const ORDER = limit('BTCUSDT', 'BUY', '50000.00', '0.00100')

describe('pool mode: the primary socket lost, the move to the other socket fails at first', () => {
  it.each([
    { error: 'WAF', count: 1 },
    { error: 'SERVER_BUSY', count: 1 },
    { error: 'TIMEOUT', count: 2 },
  ] as const)(
    '$error ×$count: the move is retried, the stream is subscribed once and gets its events, with a gap',
    async ({ error, count }) => {
      const kit = await exchange({ accounts: [{ apiKey: 'hmac', key: 'hmac' }] })
      const conn = await kit.connect('hmac', { mode: 'pool', poolSize: 2, reconnectDelay: 10 })
      const { stream } = await conn.userDataStreamSubscribeSignature()
      const subscriptions = () => kit.ex.connections().flatMap((c) => c.subscriptions.map(() => c.id))
      const [primary] = subscriptions()
      const standby = kit.ex.connections().find((c) => c.id !== primary)
      expect(primary).toBeDefined()

      kit.ex.failNext({ method: 'userDataStream.subscribe.signature', error, count })
      const gap = once(conn, 'gap') as Promise<[GapEvent]>
      expect(kit.ex.dropConnections(primary)).toBe(1)
      await expect.poll(subscriptions).toEqual([standby?.id])
      const [{ streams }] = await gap
      expect(streams).toBe(1)
      expect(stream.isEnded).toBe(false)
      expect(subscriptions()).toEqual([standby?.id])

      const report = new Promise((resolve) => stream.on('executionReport', resolve))
      const { data } = await conn.orderPlace(ORDER)
      const event = await report
      expect(event).toMatchObject({ e: 'executionReport', i: data.orderId, X: 'NEW' })
      // The dropped slot came back as a plain socket meanwhile, or comes back now: it subscribes nothing.
      await expect.poll(() => kit.ex.connections().length).toBe(2)
      expect(subscriptions()).toEqual([standby?.id])
    },
  )

  it('no answer: that socket is closed (a late subscribe dies with it), and the stream moves on, once', async () => {
    const kit = await exchange({ accounts: [{ apiKey: 'hmac', key: 'hmac' }] })
    const conn = await kit.connect('hmac', { mode: 'pool', poolSize: 2, reconnectDelay: 10, timeout: 300 })
    const { stream } = await conn.userDataStreamSubscribeSignature()
    const subscriptions = () => kit.ex.connections().flatMap((c) => c.subscriptions.map(() => c.id))
    const [primary] = subscriptions()
    const standby = kit.ex.connections().find((c) => c.id !== primary)

    const stall = kit.ex.stallNext({ method: 'userDataStream.subscribe.signature' })
    const gap = once(conn, 'gap') as Promise<[GapEvent]>
    const lostAt = Date.now()
    expect(kit.ex.dropConnections(primary)).toBe(1)
    await stall.arrived
    const [{ from, streams }] = await gap
    expect(streams).toBe(1)
    expect(from).toBeGreaterThanOrEqual(lostAt)
    expect(from).toBeLessThan(lostAt + 300) // the first loss, not the standby's close
    stall.release() // too late: its connection is closed, or closing (then its subscriptions go with it)
    await expect.poll(() => subscriptions().length).toBe(1)
    const [moved] = subscriptions()
    expect([primary, standby?.id]).not.toContain(moved)

    const report = new Promise((resolve) => stream.on('executionReport', resolve))
    const { data } = await conn.orderPlace(ORDER)
    expect(await report).toMatchObject({ e: 'executionReport', i: data.orderId })
    expect(subscriptions()).toEqual([moved])
  })
})
