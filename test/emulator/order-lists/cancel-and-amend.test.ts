// Client ↔ emulator: the gaps closed after areas A–D (SOR reports, price range rule, cancel-replace
// REJECTED report and event order, order-list leg cases, listenKey streams, configurable rate limits).
import { generateKeyPairSync } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BinanceError,
  RateLimitedError,
  SpotWebsocketAPI,
  type WebsocketAPIConnection,
} from '../../../src/client/index.js'
import { type Emulator, type EmulatorOptions, startEmulator } from '../../../src/emulator/index.js'
import type { ExecutionReport, ListStatusEvent, UserDataEvent } from '../../../src/protocol/events.js'
import { harness } from '../../support/dispatch-harness.js'

const ed = generateKeyPairSync('ed25519')
const pem = (
  k: { export(o: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer },
  type: 'pkcs8' | 'spki',
) => k.export({ type, format: 'pem' }).toString()

const T0 = 1_700_000_000_000
let clock = T0
let ex: Emulator | undefined
const open: WebsocketAPIConnection[] = []

interface Setup {
  ex: Emulator
  trader: WebsocketAPIConnection
  other: WebsocketAPIConnection
  events: UserDataEvent[]
}

/** An emulator with two funded accounts; `trader` logged on and subscribed to its user data. */
async function setup(options: EmulatorOptions = {}): Promise<Setup> {
  clock = T0
  const started = await startEmulator({
    port: 0,
    liquidity: false,
    now: () => clock,
    accounts: [
      {
        apiKey: 'trader',
        publicKey: pem(ed.publicKey, 'spki'),
        balances: { USDT: '100000', USDC: '100000', BTC: '5' },
      },
      { apiKey: 'other', hmacSecret: 'other-secret', balances: { USDT: '100000', USDC: '100000', BTC: '5' } },
    ],
    ...options,
  })
  ex = started
  const trader = await new SpotWebsocketAPI({
    wsURL: started.url,
    apiKey: 'trader',
    privateKey: pem(ed.privateKey, 'pkcs8'),
    autoSessionLogon: true,
  }).connect()
  const other = await new SpotWebsocketAPI({
    wsURL: started.url,
    apiKey: 'other',
    apiSecret: 'other-secret',
  }).connect()
  open.push(trader, other)
  const events: UserDataEvent[] = []
  const { stream } = await trader.userDataStreamSubscribe()
  stream.on('*', (e) => events.push(e))
  return { ex: started, trader, other, events }
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.disconnect()))
  await ex?.close()
  ex = undefined
})

async function rejection(p: Promise<unknown>): Promise<BinanceError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(BinanceError)
  return e as BinanceError
}

/** The server's 429 answer behind the client's RateLimitedError. */
async function serverRefusal(p: Promise<unknown>): Promise<BinanceError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(RateLimitedError)
  const cause = (e as RateLimitedError).cause
  expect(cause).toBeInstanceOf(BinanceError)
  return cause as BinanceError
}

const reportsOf = (events: UserDataEvent[], orderId: number) =>
  events.filter((e): e is ExecutionReport => e.e === 'executionReport' && e.i === orderId)

const limit = (side: 'BUY' | 'SELL', price: string, quantity: string) =>
  ({ symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity }) as const

const sellOco = {
  symbol: 'BTCUSDT',
  side: 'SELL',
  quantity: '0.10000',
  aboveType: 'LIMIT_MAKER',
  abovePrice: '61000.00',
  belowType: 'STOP_LOSS_LIMIT',
  belowStopPrice: '59000.00',
  belowPrice: '58900.00',
  belowTimeInForce: 'GTC',
} as const

const oto = {
  symbol: 'BTCUSDT',
  workingType: 'LIMIT',
  workingSide: 'SELL',
  workingPrice: '61000.00',
  workingQuantity: '0.10000',
  workingTimeInForce: 'GTC',
  pendingType: 'LIMIT',
  pendingSide: 'BUY',
  pendingPrice: '59000.00',
  pendingQuantity: '0.10000',
  pendingTimeInForce: 'GTC',
} as const

describe('order-list gaps', () => {
  it('checks list params before authentication (DIGEST A23)', async () => {
    const s = await setup()
    const stranger = await new SpotWebsocketAPI({
      wsURL: s.ex.url,
      apiKey: 'nobody',
      apiSecret: 'nothing',
    }).connect()
    open.push(stranger)
    const bad = await rejection(stranger.orderListPlaceOco({ ...sellOco, listClientOrderId: 'bad id!' }))
    expect(bad.code).toBe(-1100)
    const cancel = await rejection(
      stranger.orderListCancel({ symbol: 'BTCUSDT', orderListId: 1, newClientOrderId: 'bad id!' }),
    )
    expect(cancel.code).toBe(-1100)
    const auth = await rejection(stranger.orderListPlaceOco(sellOco))
    expect(auth.code).toBe(-2015)
  })

  it('openOrders.cancelAll and a cancelReplace of a pending leg cancel the whole OTO list', async () => {
    const s = await setup()
    const first = await s.trader.orderListPlaceOto(oto)
    const all = await s.trader.openOrdersCancelAll({ symbol: 'BTCUSDT' })
    expect(all.data).toHaveLength(1)
    expect(all.data[0]).toMatchObject({ orderListId: first.data.orderListId, listOrderStatus: 'ALL_DONE' })
    const second = await s.trader.orderListPlaceOto(oto)
    const pendingId = second.data.orderReports[1]?.orderId ?? 0
    const replaced = await s.trader.orderCancelReplace({
      ...limit('BUY', '58000.00', '0.10000'),
      cancelReplaceMode: 'STOP_ON_FAILURE',
      cancelOrderId: pendingId,
    })
    expect(replaced.data).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' })
    expect(replaced.data.cancelResponse).toMatchObject({
      orderListId: second.data.orderListId,
      listOrderStatus: 'ALL_DONE',
    })
    const status = await s.trader.orderStatus({ symbol: 'BTCUSDT', orderId: pendingId })
    expect(status.data.status).toBe('CANCELED')
  })

  it('refuses to amend a pending OPO leg; an OCO amend changes both legs with listStatus UPDATED', async () => {
    const s = await setup()
    const opo = await s.trader.orderListPlaceOpo({
      symbol: 'BTCUSDT',
      workingType: 'LIMIT',
      workingSide: 'BUY',
      workingPrice: '60000.00',
      workingQuantity: '0.10000',
      workingTimeInForce: 'GTC',
      pendingType: 'LIMIT_MAKER',
      pendingSide: 'SELL',
      pendingPrice: '62000.00',
    })
    const pendingId = opo.data.orderReports[1]?.orderId ?? 0
    const refused = await rejection(
      s.trader.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: pendingId, newQty: '0.05000' }),
    )
    expect({ code: refused.code, msg: refused.msg }).toEqual({
      code: -2038,
      msg: 'Order amend (pending OPO order) is not supported.',
    })
    await s.trader.openOrdersCancelAll({ symbol: 'BTCUSDT' })

    const oco = await s.trader.orderListPlaceOco(sellOco)
    const [stop, lim] = oco.data.orders
    const amended = await s.trader.orderAmendKeepPriority({
      symbol: 'BTCUSDT',
      orderId: lim?.orderId ?? 0,
      newQty: '0.04000',
      newClientOrderId: 'renamed-leg',
    })
    expect(amended.data.amendedOrder).toMatchObject({ qty: '0.04000000', clientOrderId: 'renamed-leg' })
    expect(amended.data.listStatus).toEqual({
      orderListId: oco.data.orderListId,
      contingencyType: 'OCO',
      listOrderStatus: 'EXECUTING',
      listClientOrderId: oco.data.listClientOrderId,
      symbol: 'BTCUSDT',
      orders: [
        { symbol: 'BTCUSDT', orderId: stop?.orderId, clientOrderId: stop?.clientOrderId },
        { symbol: 'BTCUSDT', orderId: lim?.orderId, clientOrderId: 'renamed-leg' },
      ],
    })
    const stopStatus = await s.trader.orderStatus({ symbol: 'BTCUSDT', orderId: stop?.orderId ?? 0 })
    expect(stopStatus.data.origQty).toBe('0.04000000')
    await expect
      .poll(() => s.events.some((e) => e.e === 'listStatus' && (e as ListStatusEvent).l === 'UPDATED'))
      .toBe(true)
    expect(reportsOf(s.events, stop?.orderId ?? 0).at(-1)).toMatchObject({ x: 'REPLACED', q: '0.04000000' })
  })
})

describe('configurable rate limits', () => {
  it('lists and enforces the configured REQUEST_WEIGHT and ORDERS limits', async () => {
    const s = await setup({
      limits: { requestWeight: 400, ordersPer10Seconds: 2, ordersPerDay: 1000, connectionAttempts: 50 },
    })
    const info = await s.trader.exchangeInfo({ symbol: 'BTCUSDT' })
    expect(info.data.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 400 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 2 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 1000 },
      { rateLimitType: 'CONNECTIONS', interval: 'MINUTE', intervalNum: 5, limit: 50 },
    ])
    await s.trader.orderPlace(limit('BUY', '50000.00', '0.00100'))
    await s.trader.orderPlace(limit('BUY', '50000.00', '0.00100'))
    // A fresh connection has not learnt the counts, so the server itself answers.
    const fresh = () =>
      new SpotWebsocketAPI({ wsURL: s.ex.url, apiKey: 'trader', privateKey: pem(ed.privateKey, 'pkcs8') })
        .connect()
        .then((c) => {
          open.push(c)
          return c
        })
    const orders = await serverRefusal((await fresh()).orderPlace(limit('BUY', '50000.00', '0.00100')))
    expect(orders).toMatchObject({
      code: -1015,
      status: 429,
      msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.',
    })
    // Two connections that learnt the weight before it was spent each think one more request fits.
    const [c1, c2] = [await fresh(), await fresh()]
    const remaining = () => s.other.rateLimitBudget().find((b) => b.rateLimitType === 'REQUEST_WEIGHT')
    await s.other.ping()
    while ((remaining()?.remaining ?? 0) >= 160) await s.other.ticker24hr({})
    const settled = await Promise.allSettled([c1.ticker24hr({}), c2.ticker24hr({})])
    const refused = settled.find((r) => r.status === 'rejected')
    const weight = await serverRefusal(Promise.reject(refused?.reason))
    expect(weight).toMatchObject({
      code: -1003,
      status: 429,
      msg: expect.stringContaining('current limit is 400 request weight per 1 MINUTE'),
    })
  })
})

describe('cancel-replace whose new order the engine rejects', () => {
  it('sends a REJECTED executionReport for the new order after the 409 response', async () => {
    const s = await setup()
    await s.other.orderPlace(limit('BUY', '59000.00', '0.10000'))
    const old = await s.trader.orderPlace(limit('SELL', '61000.00', '0.10000'))
    const e = await rejection(
      s.trader.orderCancelReplace({
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT_MAKER',
        price: '58000.00',
        quantity: '0.10000',
        newClientOrderId: 'replacement',
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrderId: old.data.orderId,
      }),
    )
    expect(e).toMatchObject({ code: -2021, status: 409 })
    await expect
      .poll(() => s.events.find((x) => x.e === 'executionReport' && x.c === 'replacement'))
      .toBeDefined()
    const rejected = s.events.find(
      (x): x is ExecutionReport => x.e === 'executionReport' && x.c === 'replacement',
    )
    expect(rejected).toMatchObject({
      s: 'BTCUSDT',
      S: 'SELL',
      o: 'LIMIT_MAKER',
      q: '0.10000000',
      p: '58000.00000000',
      x: 'REJECTED',
      X: 'REJECTED',
      r: 'WOULD_MATCH_IMMEDIATELY',
      i: -1,
      z: '0.00000000',
    })
    expect(reportsOf(s.events, old.data.orderId).at(-1)).toMatchObject({ x: 'CANCELED' })
  })

  it('answers before the events it caused, on the 409 path too', () => {
    const h = harness()
    const [acct] = h.accounts
    if (!acct) throw new Error('no account')
    const c = h.connect()
    h.request(c, 'userDataStream.subscribe.signature', {}, acct)
    h.request(c, 'order.place', { ...limit('BUY', '50000.00', '0.01000') }, acct)
    const placed = h.request(c, 'order.place', { ...limit('SELL', '70000.00', '0.01000') }, acct)
    const orderId = (placed[0]?.['result'] as { orderId: number } | undefined)?.orderId
    const frames = h.request(
      c,
      'order.cancelReplace',
      {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT_MAKER',
        price: '49000.00',
        quantity: '0.01000',
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: orderId,
      },
      acct,
    )
    expect(frames[0]).toMatchObject({ status: 409, error: { code: -2021 } })
    const kinds = frames.slice(1).map((f) => (f['event'] as { e: string; x?: string }).x ?? 'position')
    expect(kinds).toEqual(['CANCELED', 'position', 'REJECTED'])
  })
})
