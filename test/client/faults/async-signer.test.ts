// The web build signs with WebCrypto, asynchronously: a request is routed before its signature is ready and sent
// after. When its socket is replaced (a renewal) or lost while it signs, nothing was sent yet: it goes to the
// renewal's socket, or waits for the reconnect, as a request made then would. Before, it was sent to the old
// socket, found it closed, and failed with ConnectionClosedError `sent: true` (README: "No failed requests").
// Run on Node with the web platform's WebCrypto signer, whose next signature the test holds, and the Node wire.
import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionStatus, WebsocketAPIConnection } from '../../../src/client/index.js'
import { nodePlatform } from '../../../src/client/node-platform.js'
import { type ClientSigner, type Platform, usePlatform } from '../../../src/client/platform.js'
import { webPlatform } from '../../../src/client/web-platform.js'
import { exchangePerTest } from '../../support/exchange.js'
import { limit } from '../../support/order-params.js'
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
