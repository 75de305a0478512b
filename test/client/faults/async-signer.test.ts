// The web build signs with WebCrypto, asynchronously: a request is routed before its signature is ready and sent
// after. When its socket is replaced (a renewal) or lost while it signs, nothing was sent yet: it goes to the
// renewal's socket, or waits for the reconnect, as a request made then would. Before, it was sent to the old
// socket, found it closed, and failed with ConnectionClosedError `sent: true` (README: "No failed requests").
// Run on Node with the web platform's WebCrypto signer, whose next signature the test holds, and the Node wire.
import { afterEach, describe, expect, it } from 'vitest'
import {
  ConnectionClosedError,
  type ConnectionStatus,
  OutcomeUnknownError,
  type WebsocketAPIConnection,
} from '../../../src/client/index.js'
import { nodePlatform } from '../../../src/client/node-platform.js'
import { type ClientSigner, type Platform, usePlatform } from '../../../src/client/platform.js'
import { webPlatform } from '../../../src/client/web-platform.js'
import { exchangePerTest } from '../../support/exchange.js'
import { isPending } from '../../support/fault-kit.js'
import { ManualTimers } from '../../support/manual-timers.js'
import { limit } from '../../support/order-params.js'
import { rejectionOf } from '../../support/rejection.js'
import { deferred } from '../../support/scripted-server.js'

/** WebCrypto signing; `hold()` makes the next signature wait until the returned release is called. */
function heldSigner() {
  let held: { started: () => void; gate: Promise<void> } | undefined
  const platform: Platform = {
    connectWire: nodePlatform.connectWire,
    signer(key): ClientSigner {
      const signer = webPlatform.signer(key)
      return {
        keyType: signer.keyType,
        sign(payload) {
          const h = held
          held = undefined
          if (!h) return signer.sign(payload)
          h.started()
          return h.gate.then(() => signer.sign(payload))
        },
      }
    },
  }
  const hold = () => {
    const started = deferred()
    const gate = deferred()
    held = { started: () => started.resolve(), gate: gate.promise }
    return { signing: started.promise, release: () => gate.resolve() }
  }
  return { platform, hold }
}

/** The next status of `conn` that `match` accepts. */
const nextStatus = (conn: WebsocketAPIConnection, match: (s: ConnectionStatus) => boolean) =>
  new Promise<ConnectionStatus>((resolve) => {
    const on = (s: ConnectionStatus) => {
      if (!match(s)) return
      conn.off('status', on)
      resolve(s)
    }
    conn.on('status', on)
  })

const exchange = exchangePerTest()
afterEach(() => usePlatform(nodePlatform))

const ORDER = limit('BTCUSDT', 'BUY', '50000.00', '0.00100')

describe('a request whose socket goes away while its signature is computed', () => {
  async function start() {
    const kit = await exchange({ accounts: [{ apiKey: 'hmac', key: 'hmac' }] })
    const signer = heldSigner()
    usePlatform(signer.platform)
    const conn = await kit.connect('hmac', { reconnectDelay: 10 })
    return { kit, conn, hold: signer.hold }
  }

  it('a renewal meanwhile: it is sent on the new socket, and placed once', async () => {
    const { kit, conn, hold } = await start()
    const { signing, release } = hold()
    const placing = conn.orderPlace(ORDER)
    await signing
    const renewed = nextStatus(conn, (s) => s.state === 'open')
    expect(kit.ex.serverShutdown({ disconnectAfter: 60_000 })).toBe(1)
    await renewed
    release()
    const { data } = await placing
    expect(data).toMatchObject({ symbol: 'BTCUSDT', status: 'NEW' })
    await expect(conn.openOrdersStatus({ symbol: 'BTCUSDT' })).resolves.toMatchObject({
      data: [{ orderId: data.orderId }],
    })
  })

  it('the socket lost meanwhile: it waits for the reconnect and is sent then, once', async () => {
    const { kit, conn, hold } = await start()
    const { signing, release } = hold()
    const placing = conn.orderPlace(ORDER)
    await signing
    const down = nextStatus(conn, (s) => s.state === 'reconnecting')
    expect(kit.ex.dropConnections()).toBe(1)
    await down
    release()
    const { data } = await placing
    expect(data).toMatchObject({ symbol: 'BTCUSDT', status: 'NEW' })
    await expect(conn.openOrdersStatus({ symbol: 'BTCUSDT' })).resolves.toMatchObject({
      data: [{ orderId: data.orderId }],
    })
  })
})

// The signature's time counts against the call's `timeout` (README: the per-request deadline). On the client's manual
// clock the test lets time pass while the signature is held: a request whose deadline passed meanwhile is not sent
// (as one whose deadline passes while it waits for a reconnect), and one with time left is sent with what is left.
describe('a request whose signature takes part of its deadline', () => {
  const TIMEOUT = 300

  async function start() {
    const kit = await exchange({ accounts: [{ apiKey: 'hmac', key: 'hmac' }] })
    const signer = heldSigner()
    usePlatform(signer.platform)
    const timers = new ManualTimers(Date.now())
    const conn = await kit.connect('hmac', { reconnectDelay: 10, timeout: TIMEOUT, timers })
    const openOrders = async () => (await conn.openOrdersStatus({ symbol: 'BTCUSDT' })).data
    return { kit, conn, timers, hold: signer.hold, openOrders }
  }

  /** Nothing was sent: the error says so, and the exchange has no order. */
  async function expectNotSent(placing: Promise<unknown>, openOrders: () => Promise<unknown[]>) {
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(ConnectionClosedError)
    expect(err).toMatchObject({ sent: false })
    expect(await openOrders()).toEqual([])
  }

  it('the deadline passes while it signs and its socket is lost: it fails, nothing sent', async () => {
    const { kit, conn, timers, hold, openOrders } = await start()
    const { signing, release } = hold()
    const placing = conn.orderPlace(ORDER)
    await signing
    const down = nextStatus(conn, (s) => s.state === 'reconnecting')
    expect(kit.ex.dropConnections()).toBe(1)
    const rec = await down
    if (rec.state !== 'reconnecting') throw new Error('unreachable')
    const open = nextStatus(conn, (s) => s.state === 'open')
    timers.advance(rec.delay)
    await open
    timers.advance(500)
    release()
    await expectNotSent(placing, openOrders)
  })

  it('the deadline passes while it signs, the socket open: it fails, nothing sent', async () => {
    const { conn, timers, hold, openOrders } = await start()
    const { signing, release } = hold()
    const placing = conn.orderPlace(ORDER)
    await signing
    timers.advance(500)
    release()
    await expectNotSent(placing, openOrders)
  })

  it('signing takes part of it: the order is sent with the rest, and the call settles by its deadline', async () => {
    const { kit, conn, timers, hold, openOrders } = await start()
    const first = hold()
    const placed = conn.orderPlace(ORDER)
    await first.signing
    timers.advance(200)
    first.release()
    const { data } = await placed
    expect(await openOrders()).toMatchObject([{ orderId: data.orderId }])

    // Unanswered, the next one times out when its 300 ms are up, signing included: 100 ms after it was sent.
    const stall = kit.ex.stallNext({ method: 'order.place' })
    const second = hold()
    const placing = conn.orderPlace(ORDER)
    await second.signing
    timers.advance(200)
    second.release()
    await stall.arrived
    timers.advance(99)
    expect(await isPending(placing)).toBe(true)
    timers.advance(50) // the deadline, and the next 50 ms sweep of deadlines after it
    expect(await isPending(placing)).toBe(false)
    const err = await rejectionOf(placing)
    expect(err).toBeInstanceOf(OutcomeUnknownError)
    expect((err as Error).message).toContain('no response within 100 ms')
    stall.release()
    await expect.poll(async () => (await openOrders()).length).toBe(2)
  })
})
