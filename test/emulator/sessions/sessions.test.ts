// Area D end to end: signature subscriptions, session.subscriptions, eventStreamTerminated, subscription
// limits, legacy listenKeys, account.rateLimits.orders, balanceUpdate and externalLockUpdate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BinanceError, type WebsocketAPIConnection } from '../../../src/client/index.js'
import type { Emulator } from '../../../src/emulator/index.js'
import { type EventFrame, RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { createSigner } from '../../../src/protocol/signing.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'

const s1 = createSigner({ apiSecret: 's1' })
const s2 = createSigner({ apiSecret: 's2' })

let ex: Emulator
let api: WebsocketAPIConnection
let kit: TestExchange

beforeAll(async () => {
  kit = await startExchange({
    clock: T0,
    limits: { maxActiveSubscriptions: 2, maxSubscriptionIds: 4 },
    accounts: [
      { apiKey: 'k1', key: 'hmac', secret: 's1', balances: { USDT: '100000', BTC: '1' } },
      { apiKey: 'k2', key: 'hmac', secret: 's2', balances: { USDT: '100000', BTC: '1' } },
      { apiKey: 'k3', key: 'hmac', secret: 's3', balances: {} },
    ],
  })
  ex = kit.ex
  api = await kit.connect('k1', { syncClock: false })
})

afterAll(() => kit?.close())

const isEvent = (e: string) => (f: EventFrame) => f.event.e === e

describe('userDataStream.subscribe.signature and session.subscriptions', () => {
  it('subscribes several accounts on one unauthenticated connection; a duplicate gets -2035', async () => {
    const raw = await RawClient.open(ex.url)
    try {
      const a = await raw.signed('userDataStream.subscribe.signature', s1, 'k1', {}, T0)
      const b = await raw.signed('userDataStream.subscribe.signature', s2, 'k2', {}, T0)
      expect([a.result, b.result]).toEqual([{ subscriptionId: 0 }, { subscriptionId: 1 }])
      expect(await raw.signed('userDataStream.subscribe.signature', s1, 'k1', {}, T0)).toMatchObject({
        status: 400,
        error: { code: -2035, msg: 'User Data Stream subscription already active.' },
      })
      expect((await raw.request('session.subscriptions')).result).toEqual([
        { subscriptionId: 0 },
        { subscriptionId: 1 },
      ])
      expect((await raw.request('session.status')).result).toMatchObject({
        apiKey: null,
        userDataStream: true,
      })

      ex.deposit('k2', 'BTC', '0.5')
      const update = await raw.event(isEvent('balanceUpdate'))
      expect(update).toEqual({
        subscriptionId: 1,
        event: { e: 'balanceUpdate', E: T0, a: 'BTC', d: '0.50000000', T: T0 },
      })
      const position = await raw.event(isEvent('outboundAccountPosition'))
      expect(position).toMatchObject({
        subscriptionId: 1,
        event: { B: [{ a: 'BTC', f: '1.50000000', l: '0.00000000' }] },
      })
      expect(raw.log.indexOf(update)).toBeLessThan(raw.log.indexOf(position))

      expect((await raw.request('userDataStream.unsubscribe', { subscriptionId: 1 })).result).toEqual({})
      expect(await raw.event(isEvent('eventStreamTerminated'))).toEqual({
        subscriptionId: 1,
        event: { e: 'eventStreamTerminated', E: T0 },
      })
      expect((await raw.request('session.subscriptions')).result).toEqual([{ subscriptionId: 0 }])
    } finally {
      await raw.close()
    }
  })

  it('keeps signature subscriptions through session.logout (only the logon subscription ends)', async () => {
    const sub = await api.userDataStreamSubscribeSignature()
    expect(sub.response.data).toEqual({ subscriptionId: 0 })
    const listed = await api.sessionSubscriptions()
    expect(listed.data).toEqual([{ subscriptionId: 0 }])
    expect(listed.rateLimits?.[0]).toMatchObject({ rateLimitType: 'REQUEST_WEIGHT' })
    await api.sessionLogout()
    expect((await api.sessionSubscriptions()).data).toEqual([{ subscriptionId: 0 }])
    const dup = await api.userDataStreamSubscribeSignature().catch((e: unknown) => e)
    expect(dup).toBeInstanceOf(BinanceError)
    expect(dup).toMatchObject({ code: -2035 })
  })

  it('answers -1191 beyond the active limit and -2042 once the lifetime ids are used up', async () => {
    const raw = await RawClient.open(ex.url)
    const s3 = createSigner({ apiSecret: 's3' })
    try {
      await raw.signed('userDataStream.subscribe.signature', s1, 'k1', {}, T0)
      await raw.signed('userDataStream.subscribe.signature', s2, 'k2', {}, T0)
      expect(await raw.signed('userDataStream.subscribe.signature', s3, 'k3', {}, T0)).toMatchObject({
        status: 400,
        error: {
          code: -1191,
          msg: "Too many subscriptions. Connection may create up to '2' subscriptions at a time.",
        },
      })
      await raw.request('userDataStream.unsubscribe')
      await raw.signed('userDataStream.subscribe.signature', s3, 'k3', {}, T0)
      await raw.signed('userDataStream.subscribe.signature', s1, 'k1', {}, T0)
      await raw.request('userDataStream.unsubscribe')
      expect(await raw.signed('userDataStream.subscribe.signature', s2, 'k2', {}, T0)).toMatchObject({
        status: 400,
        error: { code: -2042, msg: 'Maximum subscription ID reached for this connection.' },
      })
    } finally {
      await raw.close()
    }
  })
})

describe('legacy listenKey methods', () => {
  it('starts (same key again while active), pings, stops; unknown keys get -1125; keys expire after 60 min', async () => {
    const own = await startExchange({ accounts: [{ apiKey: 'k1', key: 'hmac', secret: 's1', balances: {} }] })
    const c = await own.connect('k1')
    try {
      const { listenKey } = (await c.userDataStreamStart()).data
      expect(listenKey).toMatch(/^[0-9A-Za-z]{60}$/)
      expect((await c.userDataStreamStart()).data.listenKey).toBe(listenKey)
      own.ex.clock.advance(59 * 60_000)
      expect((await c.userDataStreamPing({ listenKey })).data).toEqual({})
      own.ex.clock.advance(59 * 60_000)
      expect((await c.userDataStreamPing({ listenKey })).data).toEqual({})
      own.ex.clock.advance(60 * 60_000)
      const expired = await c.userDataStreamPing({ listenKey }).catch((e: unknown) => e)
      expect(expired).toMatchObject({ code: -1125, msg: 'This listenKey does not exist.', status: 400 })
      const fresh = (await c.userDataStreamStart()).data.listenKey
      expect(fresh).not.toBe(listenKey)
      expect((await c.userDataStreamStop({ listenKey: fresh })).data).toEqual({})
      await expect(c.userDataStreamStop({ listenKey: fresh })).rejects.toMatchObject({ code: -1125 })
    } finally {
      await own.close()
    }
  })
})

describe('account.rateLimits.orders and externalLockUpdate', () => {
  it('shows the unfilled order count, with only REQUEST_WEIGHT in rateLimits (spec example)', async () => {
    const placed = await api.orderPlace(limit('BTCUSDT', 'BUY', '10000.00', '0.00100'))
    expect(placed.rateLimits?.map((l) => l.rateLimitType)).toEqual(['ORDERS', 'ORDERS', 'REQUEST_WEIGHT'])
    const r = await api.accountRateLimitsOrders()
    expect(r.data).toEqual([
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 1 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count: 1 },
    ])
    expect(r.rateLimits?.map((l) => l.rateLimitType)).toEqual(['REQUEST_WEIGHT'])
  })

  it('sends externalLockUpdate on external lock and unlock, then outboundAccountPosition', async () => {
    const raw = await RawClient.open(ex.url)
    try {
      await raw.signed('userDataStream.subscribe.signature', s2, 'k2', {}, T0)
      ex.lockBalance('k2', 'USDT', '10')
      expect(await raw.event(isEvent('externalLockUpdate'))).toMatchObject({
        event: { e: 'externalLockUpdate', E: T0, a: 'USDT', d: '10.00000000', T: T0 },
      })
      expect((await raw.event(isEvent('outboundAccountPosition'))).event['B']).toEqual([
        { a: 'USDT', f: '99990.00000000', l: '10.00000000' },
      ])
      ex.unlockBalance('k2', 'USDT', '10')
      expect((await raw.event(isEvent('externalLockUpdate'))).event['d']).toBe('-10.00000000')
      ex.withdraw('k2', 'USDT', '90000')
      expect((await raw.event(isEvent('balanceUpdate'))).event['d']).toBe('-90000.00000000')
      expect(() => ex.withdraw('k2', 'USDT', '10001')).toThrow(RangeError)
      expect(() => ex.deposit('nobody', 'USDT', '1')).toThrow(RangeError)
    } finally {
      await raw.close()
    }
  })
})
