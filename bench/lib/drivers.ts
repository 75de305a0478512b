// The four clients under test, each driven through its public API: one `call()` = one request and its answer.
import { createHmac, createSecretKey, type KeyObject, sign } from 'node:crypto'
import { Spot, SpotWebsocketAPI as SpotWs } from '@binance/spot'
import { WebsocketAPIClient } from 'binance'
import WebSocket from 'ws'
import { SpotWebsocketAPI } from '../../src/client/index.js'

export const CASES = ['ping', 'hmac', 'ed25519', 'session'] as const
export type CaseName = (typeof CASES)[number]
export const CASE_LABEL: Record<CaseName, string> = {
  ping: 'ping',
  hmac: 'order.place HMAC',
  ed25519: 'order.place Ed25519 per request',
  session: 'order.place Ed25519 session',
}

export const CLIENTS = ['raw', 'ours', 'binance-spot', 'binance'] as const
export type ClientName = (typeof CLIENTS)[number]
export const CLIENT_LABEL: Record<ClientName, string> = {
  raw: 'raw ws (ceiling)',
  ours: 'binance-spot-ws',
  'binance-spot': '@binance/spot 32.0.4',
  binance: 'binance 3.6.5',
}

export interface Keys {
  hmacApiKey: string
  hmacSecret: string
  edApiKey: string
  ed25519Pem: string
  ed25519: KeyObject
}

export interface Driver {
  call(): Promise<unknown>
  close(): Promise<void>
}

/** A driver, or why this client cannot run this case. */
export type Made = Driver | { na: string }

/**
 * The order every client places: a small MARKET order with the FULL response, alternately BUY and SELL, so that
 * against the emulator it fills on the synthetic liquidity and balances and the book stay bounded.
 */
const ORDER = { symbol: 'BTCUSDT', type: 'MARKET', quantity: '0.00100', newOrderRespType: 'FULL' } as const

/** BUY, SELL, BUY, … */
function alternate(): () => 'BUY' | 'SELL' {
  let buy = false
  return () => {
    buy = !buy
    return buy ? 'BUY' : 'SELL'
  }
}

export function makeDriver(client: ClientName, c: CaseName, url: string, keys: Keys): Promise<Made> {
  switch (client) {
    case 'raw':
      return raw(c, url, keys)
    case 'ours':
      return ours(c, url, keys)
    case 'binance-spot':
      return binanceSpot(c, url, keys)
    case 'binance':
      return binanceCommunity(c, url, keys)
  }
}

/** The practical ceiling: `ws`, frames built by string templates, a Map of pending ids, JSON.parse. */
async function raw(c: CaseName, url: string, keys: Keys): Promise<Driver> {
  const apiKey = c === 'hmac' ? keys.hmacApiKey : keys.edApiKey
  const ws = new WebSocket(url, { perMessageDeflate: false })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { id: number; status: number; result?: unknown }
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.status === 200) p.resolve(m.result)
    else p.reject(new Error(`status ${m.status}`))
  })
  let next = 1
  const send = (frame: (id: number) => string) => {
    const id = next++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      ws.send(frame(id))
    })
  }
  const side = alternate()
  const fixed = (s: string) =>
    `"symbol":"BTCUSDT","side":"${s}","type":"MARKET","quantity":"0.00100","newOrderRespType":"FULL"`
  const payload = (id: number, s: string, ts: number) =>
    `apiKey=${apiKey}&newClientOrderId=raw${id}&newOrderRespType=FULL&quantity=0.00100` +
    `&side=${s}&symbol=BTCUSDT&timestamp=${ts}&type=MARKET`
  const hmac = createSecretKey(Buffer.from(keys.hmacSecret))
  const signed = (sig: (payload: string) => string) => (id: number) => {
    const ts = Date.now()
    const sd = side()
    const s = sig(payload(id, sd, ts))
    return `{"id":${id},"method":"order.place","params":{${fixed(sd)},"newClientOrderId":"raw${id}","timestamp":${ts},"apiKey":"${apiKey}","signature":"${s}"}}`
  }
  let frame: (id: number) => string
  switch (c) {
    case 'ping':
      frame = (id) => `{"id":${id},"method":"ping"}`
      break
    case 'hmac':
      frame = signed((p) => createHmac('sha256', hmac).update(p).digest('hex'))
      break
    case 'ed25519':
      frame = signed((p) => sign(null, Buffer.from(p), keys.ed25519).toString('base64'))
      break
    case 'session': {
      await send((id) => {
        const ts = Date.now()
        const p = `apiKey=${apiKey}&timestamp=${ts}`
        const s = sign(null, Buffer.from(p), keys.ed25519).toString('base64')
        return `{"id":${id},"method":"session.logon","params":{"apiKey":"${apiKey}","timestamp":${ts},"signature":"${s}"}}`
      })
      frame = (id) =>
        `{"id":${id},"method":"order.place","params":{${fixed(side())},"newClientOrderId":"raw${id}","timestamp":${Date.now()}}}`
      break
    }
  }
  return {
    call: () => send(frame),
    close: () =>
      new Promise<void>((r) => {
        ws.once('close', () => r())
        ws.close()
      }),
  }
}

/** This package, as a user would write it. */
async function ours(c: CaseName, url: string, keys: Keys): Promise<Driver> {
  const auth =
    c === 'hmac'
      ? { apiSecret: keys.hmacSecret }
      : c === 'ping'
        ? {}
        : { privateKey: keys.ed25519Pem, autoSessionLogon: c === 'session' }
  const apiKey = c === 'hmac' ? keys.hmacApiKey : keys.edApiKey
  const api = new SpotWebsocketAPI({ wsURL: url, apiKey, ...auth })
  const conn = await api.connect()
  const side = alternate()
  return {
    call: c === 'ping' ? () => conn.ping() : () => conn.orderPlace({ ...ORDER, side: side() }),
    close: () => conn.disconnect(),
  }
}

/** The official connector: `Spot#websocketAPI.connect()`, its default options. */
async function binanceSpot(c: CaseName, url: string, keys: Keys): Promise<Driver> {
  const auth = c === 'hmac' ? { apiSecret: keys.hmacSecret } : { privateKey: keys.ed25519Pem }
  const client = new Spot({
    configurationWebsocketAPI: {
      apiKey: c === 'hmac' ? keys.hmacApiKey : keys.edApiKey,
      wsURL: url,
      timeout: 10_000,
      ...auth,
    },
  })
  const conn = await client.websocketAPI.connect()
  if (c === 'session') await conn.sessionLogon()
  const side = alternate()
  const order = () =>
    conn.orderPlace({
      symbol: ORDER.symbol,
      side: side() === 'BUY' ? SpotWs.OrderPlaceSideEnum.BUY : SpotWs.OrderPlaceSideEnum.SELL,
      type: SpotWs.OrderPlaceTypeEnum.MARKET,
      quantity: 0.001,
      newOrderRespType: SpotWs.OrderPlaceNewOrderRespTypeEnum.FULL,
    })
  return {
    call: c === 'ping' ? () => conn.ping() : order,
    close: () => conn.disconnect(),
  }
}

const silent = { trace: () => {}, info: () => {}, error: () => {} }

/** The community client: `WebsocketAPIClient`. Ed25519 logs on by default; per-request signing is its option. */
async function binanceCommunity(c: CaseName, url: string, keys: Keys): Promise<Driver> {
  const client = new WebsocketAPIClient(
    {
      api_key: c === 'hmac' ? keys.hmacApiKey : keys.edApiKey,
      ...(c === 'ping' ? {} : { api_secret: c === 'hmac' ? keys.hmacSecret : keys.ed25519Pem }),
      wsUrl: url.replace(/\/ws-api\/v3$/, ''),
      attachEventListeners: false,
      muteLatencyWarning: true,
    },
    silent,
  )
  if (c === 'ed25519') client.getWSClient().setAuthOnConnect(false).setAuthEveryRequest(true)
  const side = alternate()
  // Its request type omits `timestamp`, but the API requires it on order.place (signed or in a session).
  const order = () => {
    const params = { ...ORDER, side: side(), timestamp: Date.now() }
    return client.submitNewSpotOrder(params)
  }
  const call = c === 'ping' ? () => client.testSpotConnectivity() : order
  await call()
  return { call, close: () => client.disconnectAll() }
}
