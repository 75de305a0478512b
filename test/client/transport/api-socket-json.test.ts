// ApiSocket writes a frame before registering it: one JSON cannot carry leaves no pending entry and sends nothing.
import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiSocket } from '../../../src/client/api-socket.js'
import { InvalidParameterError } from '../../../src/client/errors.js'
import { realTimers } from '../../../src/client/timers.js'
import { cleanup, onCleanup } from '../../support/fault-kit.js'
import { rejectionOf } from '../../support/rejection.js'
import { ok, startScriptedServer } from '../../support/scripted-server.js'

afterEach(cleanup)

describe('ApiSocket.request', () => {
  it('refuses params JSON cannot write before registering the request; the socket serves the next one', async () => {
    const server = await startScriptedServer((req) => ok(req, {}))
    onCleanup(() => server.close())
    const handlers = {
      onEvent: () => {},
      onUnsolicitedError: () => {},
      onClose: () => {},
      livenessPing: () => false,
    }
    const socket = new ApiSocket(server.url, handlers, realTimers, {
      pingInterval: 60_000,
      pongTimeout: 10_000,
    })
    await socket.open(5_000)
    onCleanup(() => socket.close(1000, 'done'))
    const signal = new AbortController().signal

    const err = await rejectionOf(socket.request('depth', { limit: 1n }, { timeout: 60_000, signal }))

    expect(err).toBeInstanceOf(InvalidParameterError)
    expect(err).toMatchObject({ parameter: 'params', message: expect.stringContaining('BigInt') })
    expect(getEventListeners(signal, 'abort')).toHaveLength(0) // no pending entry holds the signal
    expect((await socket.request('ping', undefined, { timeout: 5_000 })).status).toBe(200)
    expect(server.received.map((r) => r.method)).toEqual(['ping'])
  })
})
