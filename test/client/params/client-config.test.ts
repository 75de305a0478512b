// The clients' config from untyped code: an unknown key is refused (naming it, with a "did you mean"), not ignored;
// `timeUnit` takes either case, as the URL parameter does; `returnRateLimits: false` is the connection's URL default.

import { once } from 'node:events'
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import {
  type ClientConfig,
  InvalidParameterError,
  SpotWebsocketAPI,
  SpotWebsocketStreams,
} from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import { perFile } from '../../support/exchange.js'
import { HMAC_SECRET } from '../../support/keys.js'

const kit = perFile(async () => {
  const ex = await startEmulator({
    port: 0,
    control: true,
    liquidity: false,
    accounts: [{ apiKey: 'h', hmacSecret: HMAC_SECRET, balances: { USDT: '1000' } }],
  })
  return { ex, close: () => ex.close() }
})

/** What `f` threw; fails the test if it returned. */
function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a throw')
}

describe('recvWindow in the config', () => {
  it.each([
    ['5000', 'must be a number of ms'],
    [5000.1234, 'up to 3 decimals'],
    [60_001, 'cannot be greater than 60000'],
    [0, 'must be more than 0'],
  ])('refuses %s as a call would (%s)', (recvWindow, says) => {
    const err = thrown(() => new SpotWebsocketAPI({ wsURL: kit.ex.url, recvWindow } as ClientConfig))
    expect(err).toMatchObject({ name: 'InvalidParameterError', parameter: 'recvWindow' })
    expect(err.message).toContain(says)
  })

  it('takes up to 3 decimals', () => {
    expect(new SpotWebsocketAPI({ wsURL: kit.ex.url, recvWindow: 6000.346 })).toBeInstanceOf(SpotWebsocketAPI)
  })
})

describe('unknown config keys', () => {
  it.each([
    ['timout', "did you mean 'timeout'?"],
    ['recvwindow', "did you mean 'recvWindow'?"],
    ['apiSecrets', "did you mean 'apiSecret'?"],
    ['rateLimits', 'known: wsURL, apiKey'],
  ])('SpotWebsocketAPI refuses %s, naming it', (key, says) => {
    const err = thrown(() => new SpotWebsocketAPI({ wsURL: kit.ex.url, [key]: 5 } as ClientConfig))
    expect(err).toBeInstanceOf(InvalidParameterError)
    expect(err).toMatchObject({ parameter: key })
    expect(err.message).toContain(`unknown config option`)
    expect(err.message).toContain(says)
  })

  it('SpotWebsocketStreams refuses them too, and a config that is not an object', () => {
    const err = thrown(() => new SpotWebsocketStreams({ wsURL: kit.ex.streams.url, combine: false } as never))
    expect(err).toMatchObject({ name: 'InvalidParameterError', parameter: 'combine' })
    expect(err.message).toContain("did you mean 'combined'?")
    expect(thrown(() => new SpotWebsocketAPI('ws://x' as never))).toMatchObject({
      parameter: 'config options',
    })
  })

  it('every documented option is taken', () => {
    const all: Required<Omit<ClientConfig, 'privateKey' | 'privateKeyPassphrase' | 'timers'>> = {
      wsURL: kit.ex.url,
      apiKey: 'h',
      apiSecret: HMAC_SECRET,
      timeout: 1000,
      recvWindow: 5000,
      timeUnit: 'MILLISECOND',
      returnRateLimits: true,
      reconnectDelay: 100,
      mode: 'pool',
      poolSize: 2,
      autoSessionLogon: false,
      autoSessionReLogon: true,
      autoClientOrderId: true,
      maxReconnectDelay: 1000,
      renewAfter: 60_000,
      pingInterval: 1000,
      pongTimeout: 1000,
      rateLimitWait: false,
      reconnectWait: true,
      syncClock: true,
      clockSamples: 3,
      maxClockRoundTrip: 1000,
    }
    expect(new SpotWebsocketAPI(all)).toBeInstanceOf(SpotWebsocketAPI)
  })
})

describe('timeUnit in either case', () => {
  it('microsecond connects with timeUnit=MICROSECOND: the server answers in µs', async () => {
    const conn = await new SpotWebsocketAPI({ wsURL: kit.ex.url, timeUnit: 'microsecond' }).connect()
    try {
      expect(kit.ex.connections().at(-1)).toMatchObject({ timeUnit: 'MICROSECOND' })
      expect(String((await conn.time()).data.serverTime)).toHaveLength(16)
    } finally {
      await conn.disconnect()
    }
  })

  it('the streams client takes it too; other values are refused', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await once(wss, 'listening')
    const upgraded = once(wss, 'connection') as Promise<[unknown, IncomingMessage]>
    const { port } = wss.address() as { port: number }
    const conn = await new SpotWebsocketStreams({
      wsURL: `ws://127.0.0.1:${port}`,
      timeUnit: 'microsecond',
    }).connect()
    try {
      const [, req] = await upgraded
      expect(req.url).toBe('/stream?timeUnit=MICROSECOND')
    } finally {
      await conn.disconnect()
      wss.close()
    }
    for (const make of [
      () => new SpotWebsocketAPI({ timeUnit: 'NANOSECOND' as never }),
      () => new SpotWebsocketStreams({ timeUnit: 'Micro' as never }),
    ]) {
      expect(thrown(make)).toMatchObject({ name: 'InvalidParameterError', parameter: 'timeUnit' })
    }
  })
})

describe('returnRateLimits for the whole connection', () => {
  it('false connects with ?returnRateLimits=false: answers carry none unless a call asks for them', async () => {
    const conn = await new SpotWebsocketAPI({ wsURL: kit.ex.url, returnRateLimits: false }).connect()
    try {
      expect(kit.ex.connections().at(-1)).toMatchObject({ returnRateLimits: false })
      expect((await conn.time()).rateLimits).toBeUndefined()
      expect((await conn.time({ returnRateLimits: true })).rateLimits).toEqual([
        expect.objectContaining({ rateLimitType: 'REQUEST_WEIGHT' }),
      ])
    } finally {
      await conn.disconnect()
    }
  })

  it('is true by default, and must be a boolean', async () => {
    const conn = await new SpotWebsocketAPI({ wsURL: kit.ex.url, timeUnit: 'MILLISECOND' }).connect()
    try {
      expect(kit.ex.connections().at(-1)).toMatchObject({ returnRateLimits: true, timeUnit: 'MILLISECOND' })
      expect((await conn.time()).rateLimits).toBeDefined()
    } finally {
      await conn.disconnect()
    }
    const err = thrown(() => new SpotWebsocketAPI({ returnRateLimits: 'false' as never }))
    expect(err).toMatchObject({ name: 'InvalidParameterError', parameter: 'returnRateLimits' })
  })
})
