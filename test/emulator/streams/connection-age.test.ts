// Stream connections live as WebSocket API ones do (spec/web-socket-streams.md, "General WSS information" and
// "Server Shutdown"): `serverShutdown` 10 min before the 24 h age, in the connection's raw or combined form, and a
// close (1001) at 24 h, on the emulator clock; the control API's `serverShutdown` reaches them; one clock timer each.
import { once } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type ConnectionStatus, SpotWebsocketStreams } from '../../../src/client/index.js'
import { EmulatorClock } from '../../../src/emulator/api/server-life/clock.js'
import { RawClient } from '../../../src/emulator/raw-client.test-util.js'
import { controlCall } from '../../support/control-call.js'
import { EventRecorder } from '../../support/event-recorder.js'
import { exchangePerTest, T0, type TestExchange } from '../../support/exchange.js'
import { RawStreams } from '../../support/raw-streams.js'

const HOUR = 3_600_000
const NOTICE = 600_000
const exchange = exchangePerTest()
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
  vi.restoreAllMocks()
})

/** An emulator on a clock that moves only when the test moves it. */
function venue(): Promise<TestExchange> {
  return exchange({ now: () => T0, control: true })
}

async function streams(kit: TestExchange, path: string): Promise<RawStreams> {
  const s = await RawStreams.open(`${kit.ex.streams.url}${path}`)
  cleanup.push(() => s.close())
  return s
}

/** The close code and reason `s` gets. */
async function closed(s: RawStreams): Promise<[number, string]> {
  const [code, reason] = (await once(s.ws, 'close')) as [number, Buffer]
  return [code, String(reason)]
}

/** No `serverShutdown` so far: the answer to a control request comes after every earlier frame. */
async function noNotice(s: RawStreams): Promise<void> {
  await s.control('LIST_SUBSCRIPTIONS')
  expect(JSON.stringify(s.frames)).not.toContain('serverShutdown')
}

describe('stream connection age', () => {
  it('raw, combined and µs connections get serverShutdown 10 min before the 24 h age and close 1001 at 24 h', async () => {
    const kit = await venue()
    const raw = await streams(kit, '/ws/btcusdt@trade')
    const combined = await streams(kit, '/stream?streams=btcusdt@trade')
    const micros = await streams(kit, '/ws/btcusdt@trade?timeUnit=MICROSECOND')
    const all = [raw, combined, micros]
    kit.ex.clock.advance(24 * HOUR - NOTICE - 1)
    for (const s of all) await noNotice(s)

    kit.ex.clock.advance(1)
    const E = T0 + 24 * HOUR - NOTICE
    expect(await raw.event('serverShutdown')).toEqual({ e: 'serverShutdown', E })
    expect(await combined.event('serverShutdown')).toEqual({
      stream: '!serverShutdown',
      data: { e: 'serverShutdown', E },
    })
    expect(await micros.event('serverShutdown')).toEqual({ e: 'serverShutdown', E: E * 1000 })

    kit.ex.clock.advance(NOTICE - 1)
    for (const s of all) await noNotice(s)
    expect(kit.ex.streams.connections).toBe(3)
    const closes = all.map(closed)
    kit.ex.clock.advance(1)
    expect(await Promise.all(closes)).toEqual(all.map(() => [1001, 'connection age']))
    await expect.poll(() => kit.ex.streams.connections).toBe(0)
  })

  it('the form follows SET_PROPERTY combined at the time of the notice', async () => {
    const kit = await venue()
    const s = await streams(kit, '/ws/btcusdt@trade')
    await s.control('SET_PROPERTY', ['combined', true])
    kit.ex.clock.advance(24 * HOUR - NOTICE)
    expect(await s.event('serverShutdown')).toEqual({
      stream: '!serverShutdown',
      data: { e: 'serverShutdown', E: T0 + 24 * HOUR - NOTICE },
    })
  })
})

describe('serverShutdown of the control API', () => {
  it('POST /control/serverShutdown reaches raw and combined stream connections and the WebSocket API; all close at disconnectAfter', async () => {
    const kit = await venue()
    const raw = await streams(kit, '/ws/btcusdt@trade')
    const combined = await streams(kit, '/stream?streams=btcusdt@trade')
    const api = await RawClient.open(kit.ex.url)
    cleanup.push(() => api.close())
    const answer = await controlCall(kit, 'serverShutdown', { disconnectAfter: 1000 })
    expect(answer.body).toEqual({ result: 3 })
    expect(await raw.event('serverShutdown')).toEqual({ e: 'serverShutdown', E: T0 })
    expect(await combined.event('serverShutdown')).toEqual({
      stream: '!serverShutdown',
      data: { e: 'serverShutdown', E: T0 },
    })
    expect((await api.event()).event).toEqual({ e: 'serverShutdown', E: T0 })

    kit.ex.clock.advance(999)
    for (const s of [raw, combined]) await noNotice(s)
    const closes = [raw, combined].map(closed)
    kit.ex.clock.advance(1)
    expect(await Promise.all(closes)).toEqual([
      [1001, 'server shutdown'],
      [1001, 'server shutdown'],
    ])
    await expect.poll(() => kit.ex.connections()).toHaveLength(0)
    expect(kit.ex.streams.connections).toBe(0)
  })

  it('in process: a connectionId picks one WebSocket API connection; without one, streams close after shutdownNotice', async () => {
    const kit = await venue()
    const s = await streams(kit, '/stream?streams=btcusdt@trade')
    const api = await RawClient.open(kit.ex.url)
    cleanup.push(() => api.close())
    const [only] = kit.ex.connections()
    expect(kit.ex.serverShutdown({ connectionId: only?.id ?? 0, disconnectAfter: 0 })).toBe(1)
    await expect.poll(() => kit.ex.connections()).toHaveLength(0)
    await noNotice(s)

    expect(kit.ex.serverShutdown()).toBe(1)
    expect(await s.event('serverShutdown')).toMatchObject({ data: { E: T0 } })
    kit.ex.clock.advance(NOTICE - 1)
    await noNotice(s)
    const close = closed(s)
    kit.ex.clock.advance(1)
    expect(await close).toEqual([1001, 'server shutdown'])
  })
})

describe('timers', () => {
  it('one clock timer per stream connection, before and after the notice; none once it closed early', async () => {
    const at = vi.spyOn(EmulatorClock.prototype, 'at')
    const kit = await venue()
    const first = await streams(kit, '/ws/btcusdt@trade')
    const clock = at.mock.contexts.at(-1) as EmulatorClock | undefined
    const armed = clock?.pending ?? 0
    const second = await streams(kit, '/stream?streams=btcusdt@trade')
    await streams(kit, '/ws')
    expect(clock?.pending).toBe(armed + 2)

    kit.ex.clock.advance(24 * HOUR - NOTICE)
    await second.event('serverShutdown')
    expect(clock?.pending).toBe(armed + 2) // each notice's timer became the close's

    const gone = closed(first)
    await first.close()
    await gone
    await expect.poll(() => kit.ex.streams.connections).toBe(2)
    expect(clock?.pending).toBe(armed + 1)
    expect(kit.ex.streams.dropStreams()).toBe(2)
    expect(clock?.pending).toBe(armed - 1)
  })
})

describe('our streams client', () => {
  it('renews on the age notice, make before break, without losing a subscription', async () => {
    const kit = await venue()
    const conn = await new SpotWebsocketStreams({ wsURL: kit.ex.streams.url }).connect({
      stream: ['btcusdt@trade'],
    })
    cleanup.push(() => conn.disconnect())
    const status = new EventRecorder<ConnectionStatus>()
    conn.on('status', (x) => status.push(x))
    await conn.subscribe('ethusdt@bookTicker')
    kit.ex.clock.advance(24 * HOUR - NOTICE)
    await status.until((x) => x.state === 'open')
    expect(status.items).toEqual([
      { slot: 0, state: 'renewing', reason: 'serverShutdown' },
      { slot: 0, state: 'open' },
    ])
    await expect.poll(() => kit.ex.streams.connections).toBe(1) // the client closed the old socket
    kit.ex.clock.advance(NOTICE) // the old socket's age: nothing is left to close
    expect(await conn.listSubscriptions()).toEqual(['btcusdt@trade', 'ethusdt@bookTicker'])
    expect(status.items).toHaveLength(2)
  })
})
