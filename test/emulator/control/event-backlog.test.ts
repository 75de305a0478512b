// A client of `/control/events` that stops reading (a dashboard tab on a suspended laptop, a script that hung) is
// dropped once it leaves EVENT_BACKLOG_BYTES unread, instead of holding the emulator's memory without bound; the
// clients that read go on. Its browser would reconnect and start again from the state then.
import { connect, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { type AccountView, EVENT_BACKLOG_BYTES } from '../../../src/emulator/api/control/control-events.js'
import { openControlEvents } from '../../support/control-events.js'
import { exchangePerTest } from '../../support/exchange.js'
import { parseExposition } from '../../support/prometheus-text.js'

const exchange = exchangePerTest()

/** Opens the event stream on a raw socket, waits for its first bytes, then stops reading. */
async function stalledClient(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1')
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(`GET /control/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
  await new Promise((resolve) => socket.once('data', resolve))
  socket.pause()
  return { socket, closed }
}

async function streamMetrics(
  port: number,
): Promise<{ clients: number | undefined; dropped: number | undefined }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/control/metrics`)).text()
  const exposition = parseExposition(text)
  return {
    clients: exposition.value('binance_emulator_event_stream_clients'),
    dropped: exposition.value('binance_emulator_event_stream_dropped_total'),
  }
}

describe('/control/events backlog', () => {
  it('drops a client that stops reading, and the others go on', { timeout: 60_000 }, async () => {
    const kit = await exchange({
      accounts: [{ apiKey: 'a' }],
      control: true,
    })
    // 1500 assets held make each `account` event of `a` ~100 KB: its balances are in it.
    for (let i = 0; i < 1500; i++) kit.ex.deposit('a', `ASSET${i}`, '1')
    const stalled = await stalledClient(kit.ex.port)
    const reader = await openControlEvents(`http://127.0.0.1:${kit.ex.port}/control/events`)
    /** USDT free in units of 10^-8 (the balances have 8 decimals). */
    const usdt = (view: AccountView) =>
      BigInt((view.balances.find((b) => b.asset === 'USDT')?.free ?? '0').replace('.', ''))
    const start = usdt(await reader.next<AccountView>('account', (v) => v.apiKey === 'a'))
    // Each deposit is one `account` event, sent once the reader has the one before: the stalled client's socket
    // buffers fill, then its backlog, then it is dropped. 600 events of ~100 KB is far more than both.
    let deposits = 0
    let bytes = 0
    let metrics = await streamMetrics(kit.ex.port)
    expect(metrics).toEqual({ clients: 2, dropped: 0 })
    for (; deposits < 600 && metrics.dropped === 0; deposits++) {
      kit.ex.deposit('a', 'USDT', '1')
      const want = start + BigInt(deposits + 1) * 10n ** 8n
      const view = await reader.next<AccountView>('account', (v) => usdt(v) === want)
      bytes += JSON.stringify(view).length
      metrics = await streamMetrics(kit.ex.port)
    }
    expect(metrics).toEqual({ clients: 1, dropped: 1 })
    // More than the backlog was sent to it before it was dropped.
    expect(bytes).toBeGreaterThan(EVENT_BACKLOG_BYTES)
    // Read now, it ends: the emulator closed it, with less than what was sent since.
    let received = 0
    stalled.socket.on('data', (chunk: Buffer) => {
      received += chunk.length
    })
    stalled.socket.resume()
    await stalled.closed
    expect(received).toBeLessThan(bytes)

    // The reader still gets every change.
    kit.ex.deposit('a', 'USDT', '2.5')
    const last = start + BigInt(deposits) * 10n ** 8n + 250_000_000n
    await reader.next<AccountView>('account', (v) => usdt(v) === last)
    reader.close()
    stalled.socket.destroy()
  })
})
