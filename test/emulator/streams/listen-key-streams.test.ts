// Legacy listenKey user data on WebSocket Streams (docs/emulator-fidelity.md 3.14.9, A15), through our clients: the API
// client issues and pings the key, the streams client listens on `/ws/<listenKey>` or `/stream?streams=<listenKey>`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ConnectError,
  SpotWebsocketStreams,
  type WebsocketAPIConnection,
  type WebsocketStreamsConnection,
} from '../../../src/client/index.js'
import type { ConnectionStatus } from '../../../src/client/types.js'
import type { Emulator } from '../../../src/emulator/index.js'
import { startExchange, T0, type TestExchange } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
import { upgradeRefusal } from '../../support/upgrade-refusal.js'

const MINUTE = 60_000

let ex: Emulator
let api: WebsocketAPIConnection
let kit: TestExchange
const opened: WebsocketStreamsConnection[] = []

beforeAll(async () => {
  kit = await startExchange({
    clock: T0,
    accounts: [
      { apiKey: 'k1', key: 'hmac', secret: 's1', balances: { USDT: '100000', BTC: '1' } },
      { apiKey: 'k2', key: 'hmac', secret: 's2', balances: { USDT: '100000', BTC: '1' } },
    ],
  })
  ex = kit.ex
  api = await kit.connect('k1', { syncClock: false })
})

afterAll(async () => {
  await Promise.all(opened.map((c) => c.disconnect()))
  await kit?.close()
})

/** A streams connection on `listenKey` that records every payload and status change. */
async function listen(listenKey: string, config: { combined: boolean; timeUnit?: 'MICROSECOND' }) {
  const conn = await new SpotWebsocketStreams({ wsURL: ex.streams.url, ...config }).connect({
    stream: listenKey,
  })
  opened.push(conn)
  const messages: { stream: string | undefined; data: Record<string, unknown> }[] = []
  const statuses: ConnectionStatus[] = []
  conn.on('message', (stream, data) =>
    messages.push({ stream, data: data as unknown as Record<string, unknown> }),
  )
  conn.on('status', (s) => statuses.push(s))
  /** The first recorded value `pick` finds, waiting for new ones as they come. */
  const wait = <T>(pick: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = pick()
        if (found === undefined) return false
        conn.off('message', check)
        conn.off('status', check)
        resolve(found)
        return true
      }
      if (!check()) {
        conn.on('message', check)
        conn.on('status', check)
      }
    })
  const find = (ok: (data: Record<string, unknown>) => boolean) =>
    wait(() => messages.find((m) => ok(m.data)))
  const event = (e: string) => find((d) => d['e'] === e)
  const closed = () => wait(() => statuses.find((s) => s.state === 'reconnecting'))
  return { conn, messages, find, event, closed }
}

/** The HTTP answer to an upgrade of `path` on the streams port. */
const sell = () => api.orderPlace(limit('BTCUSDT', 'SELL', '70000.00', '0.01000'))

describe('listenKey user data on WebSocket Streams (checklist §1.12)', () => {
  it('/ws/<listenKey> carries the account events as plain payloads, without subscriptionId', async () => {
    const { listenKey } = (await api.userDataStreamStart()).data
    const s = await listen(listenKey, { combined: false })
    const placed = await sell()
    const report = await s.event('executionReport')
    const position = await s.event('outboundAccountPosition')
    expect(report.data).toMatchObject({ e: 'executionReport', E: T0, x: 'NEW', i: placed.data.orderId })
    expect(Object.keys(report.data)[0]).toBe('e')
    expect('subscriptionId' in report.data || 'stream' in report.data).toBe(false)
    expect(position.data).toMatchObject({ E: T0, B: [{ a: 'BTC', l: '0.01000000' }] })
    expect(s.messages.indexOf(report)).toBeLessThan(s.messages.indexOf(position))

    ex.deposit('k1', 'USDT', '5')
    expect((await s.event('balanceUpdate')).data).toEqual({
      e: 'balanceUpdate',
      E: T0,
      a: 'USDT',
      d: '5.00000000',
      T: T0,
    })
    ex.deposit('k2', 'USDT', '5')
    await api.orderCancel({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
    expect((await s.find((d) => d['x'] === 'CANCELED')).data).toMatchObject({ X: 'CANCELED' })
    expect(s.messages.filter((m) => m.data['e'] === 'balanceUpdate')).toHaveLength(1)
  })

  it('/stream?streams=<listenKey> wraps them as {stream: <listenKey>, data}; timeUnit=MICROSECOND applies', async () => {
    const { listenKey } = (await api.userDataStreamStart()).data
    const s = await listen(listenKey, { combined: true, timeUnit: 'MICROSECOND' })
    ex.deposit('k1', 'BTC', '0.5')
    const update = await s.event('balanceUpdate')
    expect(update).toEqual({
      stream: listenKey,
      data: { e: 'balanceUpdate', E: T0 * 1000, a: 'BTC', d: '0.50000000', T: T0 * 1000 },
    })
    expect((await s.event('outboundAccountPosition')).data).toMatchObject({ E: T0 * 1000, u: T0 * 1000 })
  })

  it('sends listenKeyExpired and closes 60 min after the last ping, on the emulator clock', async () => {
    const { listenKey } = (await api.userDataStreamStart()).data
    const s = await listen(listenKey, { combined: false })
    ex.clock.advance(30 * MINUTE)
    expect((await api.userDataStreamPing({ listenKey })).data).toEqual({})
    ex.clock.advance(59 * MINUTE)
    ex.deposit('k1', 'USDT', '1')
    await s.event('balanceUpdate')
    expect(s.messages.map((m) => m.data['e'])).not.toContain('listenKeyExpired')

    ex.clock.advance(MINUTE)
    expect((await s.event('listenKeyExpired')).data).toEqual({
      e: 'listenKeyExpired',
      E: T0 + 90 * MINUTE,
      listenKey,
    })
    expect(await s.closed()).toMatchObject({ state: 'reconnecting', code: 1000, reason: 'listenKey expired' })
    expect(s.messages.at(-1)?.data['e']).toBe('listenKeyExpired')

    const again = await new SpotWebsocketStreams({ wsURL: ex.streams.url, combined: false })
      .connect({ stream: listenKey })
      .catch((e: unknown) => e)
    expect(again).toBeInstanceOf(ConnectError)
    expect(await upgradeRefusal(`${ex.streams.url}/ws/${listenKey}`)).toEqual({
      status: 400,
      body: { code: -1125, msg: 'This listenKey does not exist.' },
    })
  })

  it('userDataStream.stop closes the stream without listenKeyExpired; unknown keys are refused at the upgrade', async () => {
    const { listenKey } = (await api.userDataStreamStart()).data
    const s = await listen(listenKey, { combined: true })
    expect((await api.userDataStreamStop({ listenKey })).data).toEqual({})
    expect(await s.closed()).toMatchObject({ code: 1000, reason: 'listenKey stopped' })
    expect(s.messages).toEqual([])
    const unknown = 'A'.repeat(60)
    expect(await upgradeRefusal(`${ex.streams.url}/stream?streams=${unknown}`)).toEqual({
      status: 400,
      body: { code: -1125, msg: 'This listenKey does not exist.' },
    })
    expect(await upgradeRefusal(`${ex.streams.url}/ws/${listenKey}`)).toMatchObject({ status: 400 })
    expect(await upgradeRefusal(`${ex.streams.url}/ws/not-a-stream`)).toEqual({ status: 400, body: '' })
  })
})
