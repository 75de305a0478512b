// Account permissions end to end (docs/emulator-fidelity.md 3.1.4, 3.1.8, 3.2.9), through our client: account
// trading permissions against symbols' permissionSets, restricted symbols, account-level trading blocks, a server
// without WebSocket API trading, and per-key IP whitelists.
import { describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../../src/client/index.js'
import { perFile, startExchange, type TestAccount } from '../../support/exchange.js'
import { limit, SELL_OCO } from '../../support/order-params.js'
import { rejection, settled } from '../../support/rejection.js'
import { symbolLike } from '../../support/symbols.js'

const BALANCES = { USDT: '100000', BTC: '10' }

const account = (apiKey: string, extra: Partial<TestAccount> = {}): TestAccount => ({
  apiKey,
  key: 'hmac',
  balances: BALANCES,
  ...extra,
})

/** OR inside a set, AND across sets, and the mixed case A and (B or C). */
const PERMISSION_SYMBOLS = [
  symbolLike('BTCUSDT', { symbol: 'ORUSDT', permissionSets: [['SPOT', 'MARGIN']] }),
  symbolLike('BTCUSDT', { symbol: 'ANDUSDT', permissionSets: [['SPOT'], ['MARGIN']] }),
  symbolLike('BTCUSDT', { symbol: 'MIXUSDT', permissionSets: [['SPOT'], ['TRD_GRP_002', 'TRD_GRP_003']] }),
]

const ACCOUNTS = [
  account('spot'),
  account('margin', { accountPermissions: ['MARGIN'] }),
  account('spotMargin', { accountPermissions: ['SPOT', 'MARGIN'] }),
  account('spotGrp2', { accountPermissions: ['SPOT', 'TRD_GRP_002'] }),
  account('spotGrp3', { accountPermissions: ['SPOT', 'TRD_GRP_003'] }),
  account('grp23', { accountPermissions: ['TRD_GRP_002', 'TRD_GRP_003'] }),
  account('restricted', { restrictedSymbols: ['ETHUSDT'] }),
  account('noTrade', { canTrade: false }),
  account('noCancel', { disabledActions: ['CANCEL'] }),
  account('noPlace', { disabledActions: ['PLACE', 'AMEND'] }),
  account('ipElsewhere', { ipWhitelist: ['10.0.0.1'] }),
  account('ipLocal', { ipWhitelist: ['10.0.0.1', '127.0.0.1'] }),
]

const conns = new Map<string, WebsocketAPIConnection>()
perFile(async () => {
  // legacyListenKey: userDataStream.start is the API-key-only method whose IP check is tested below.
  const kit = await startExchange({
    extraSymbols: PERMISSION_SYMBOLS,
    accounts: ACCOUNTS,
    legacyListenKey: true,
  })
  for (const { apiKey } of ACCOUNTS) conns.set(apiKey, await kit.connect(apiKey))
  return kit
})
perFile(async () => {
  const kit = await startExchange({ wsApiTrading: false, accounts: [account('t')] })
  conns.set('serverWithoutTrading', await kit.connect('t'))
  return kit
})

const api = (apiKey: string): WebsocketAPIConnection => {
  const conn = conns.get(apiKey)
  if (!conn) throw new Error(`no connection for ${apiKey}`)
  return conn
}

const NOT_PERMITTED = { code: -2010, msg: 'This symbol is not permitted for this account.', status: 400 }

/** A LIMIT BUY well below the market: rests when accepted. */
const bid = (symbol: string) => limit(symbol, 'BUY', '50000.00', '0.01000')

/** Whether order.place on `symbol` is accepted (NEW) or refused as "not permitted". */
async function permitted(apiKey: string, symbol: string): Promise<boolean> {
  const result = await settled(api(apiKey).orderPlace(bid(symbol)))
  if (result === 'resolved') return true
  expect(result, `${apiKey} on ${symbol}`).toMatchObject(NOT_PERMITTED)
  return false
}

describe('account permissions against permissionSets (fidelity 3.1.4)', () => {
  it('account.status shows the configured permissions, ["SPOT"] by default', async () => {
    expect((await api('spot').accountStatus()).data.permissions).toEqual(['SPOT'])
    expect((await api('spotMargin').accountStatus()).data.permissions).toEqual(['SPOT', 'MARGIN'])
    expect((await api('grp23').accountStatus()).data.permissions).toEqual(['TRD_GRP_002', 'TRD_GRP_003'])
  })

  it('OR inside a set: [["SPOT","MARGIN"]] takes SPOT or MARGIN', async () => {
    expect(await permitted('spot', 'ORUSDT')).toBe(true)
    expect(await permitted('margin', 'ORUSDT')).toBe(true)
    expect(await permitted('spotMargin', 'ORUSDT')).toBe(true)
    expect(await permitted('grp23', 'ORUSDT')).toBe(false)
  })

  it('AND across sets: [["SPOT"],["MARGIN"]] needs both', async () => {
    expect(await permitted('spot', 'ANDUSDT')).toBe(false)
    expect(await permitted('margin', 'ANDUSDT')).toBe(false)
    expect(await permitted('spotMargin', 'ANDUSDT')).toBe(true)
  })

  it('mixed: [["SPOT"],["TRD_GRP_002","TRD_GRP_003"]] needs SPOT and one of the groups', async () => {
    expect(await permitted('spotGrp2', 'MIXUSDT')).toBe(true)
    expect(await permitted('spotGrp3', 'MIXUSDT')).toBe(true)
    expect(await permitted('spot', 'MIXUSDT')).toBe(false)
    expect(await permitted('spotMargin', 'MIXUSDT')).toBe(false)
    expect(await permitted('grp23', 'MIXUSDT')).toBe(false)
    // The default SPOT symbols need SPOT: an account with only groups may not trade them.
    expect(await permitted('grp23', 'BTCUSDT')).toBe(false)
    expect(await rejection(api('spot').orderTest(bid('MIXUSDT')))).toMatchObject(NOT_PERMITTED)
  })

  it('a restricted symbol is "This symbol is restricted for this account."; other symbols trade', async () => {
    const restricted = { code: -2010, msg: 'This symbol is restricted for this account.', status: 400 }
    const eth = limit('ETHUSDT', 'BUY', '1000.00', '0.1000')
    expect(await rejection(api('restricted').orderPlace(eth))).toMatchObject(restricted)
    expect(await rejection(api('restricted').orderTest(eth))).toMatchObject(restricted)
    expect((await api('restricted').orderPlace(bid('BTCUSDT'))).data).toMatchObject({ status: 'NEW' })
    expect(await settled(api('spot').orderPlace(eth))).toBe('resolved')
  })
})

describe('account-level trading blocks (fidelity 3.2.9)', () => {
  const CANNOT_TRADE = 'This account may not place or cancel orders.'
  const DISABLED = 'This action is disabled on this account.'

  it('canTrade: false shows in account.status; placing is -2010, canceling -2011, amending -2038; order.test passes', async () => {
    const a = api('noTrade')
    expect((await a.accountStatus()).data.canTrade).toBe(false)
    expect(await rejection(a.orderPlace(bid('BTCUSDT')))).toMatchObject({
      code: -2010,
      msg: CANNOT_TRADE,
      status: 400,
    })
    const oco = SELL_OCO
    expect(await rejection(a.orderListPlaceOco(oco))).toMatchObject({ code: -2010, msg: CANNOT_TRADE })
    expect(await rejection(a.orderCancel({ symbol: 'BTCUSDT', orderId: 1 }))).toMatchObject({
      code: -2011,
      msg: CANNOT_TRADE,
      status: 400,
    })
    expect(await rejection(a.openOrdersCancelAll({ symbol: 'BTCUSDT' }))).toMatchObject({
      code: -2011,
      msg: CANNOT_TRADE,
    })
    expect(await rejection(a.orderListCancel({ symbol: 'BTCUSDT', orderListId: 1 }))).toMatchObject({
      code: -2011,
      msg: CANNOT_TRADE,
    })
    expect(
      await rejection(a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: 1, newQty: '0.00500' })),
    ).toMatchObject({ code: -2038, msg: CANNOT_TRADE })
    const replaced = await rejection(
      a.orderCancelReplace({ ...bid('BTCUSDT'), cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: 1 }),
    )
    expect(replaced).toMatchObject({ code: -2022, msg: 'Order cancel-replace failed.', status: 400 })
    expect(replaced.data).toEqual({
      cancelResult: 'FAILURE',
      newOrderResult: 'FAILURE',
      cancelResponse: { code: -2011, msg: CANNOT_TRADE },
      newOrderResponse: { code: -2010, msg: CANNOT_TRADE },
    })
    expect(await rejection(a.sorOrderPlace({ ...bid('BTCUSDT'), type: 'LIMIT' }))).toMatchObject({
      code: -2010,
      msg: CANNOT_TRADE,
    })
    expect((await a.orderTest(bid('BTCUSDT'))).data).toEqual({})
    expect((await a.openOrdersStatus({})).data).toEqual([])
  })

  it('a disabled CANCEL action: orders are placed and amended, cancels are -2011 "This action is disabled on this account."', async () => {
    const a = api('noCancel')
    expect((await a.accountStatus()).data.canTrade).toBe(true)
    const placed = await a.orderPlace(bid('BTCUSDT'))
    const { orderId } = placed.data
    expect(await rejection(a.orderCancel({ symbol: 'BTCUSDT', orderId }))).toMatchObject({
      code: -2011,
      msg: DISABLED,
      status: 400,
    })
    expect(await rejection(a.openOrdersCancelAll({ symbol: 'BTCUSDT' }))).toMatchObject({
      code: -2011,
      msg: DISABLED,
    })
    const amended = await a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId, newQty: '0.00500' })
    expect(amended.data.amendedOrder).toMatchObject({ orderId, qty: '0.00500000' })
    const replaced = await rejection(
      a.orderCancelReplace({
        ...limit('BTCUSDT', 'BUY', '49000.00', '0.01000'),
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: orderId,
      }),
    )
    expect(replaced).toMatchObject({
      code: -2021,
      msg: 'Order cancel-replace partially failed.',
      status: 409,
    })
    expect(replaced.data).toMatchObject({
      cancelResult: 'FAILURE',
      newOrderResult: 'SUCCESS',
      cancelResponse: { code: -2011, msg: DISABLED },
      newOrderResponse: { status: 'NEW', price: '49000.00000000' },
    })
    const open = (await a.openOrdersStatus({ symbol: 'BTCUSDT' })).data
    expect(open.map((o) => o.price)).toEqual(['50000.00000000', '49000.00000000'])
  })

  it('disabled PLACE and AMEND actions: placing is -2010, amending -2038, both "This action is disabled on this account."', async () => {
    const a = api('noPlace')
    expect(await rejection(a.orderPlace(bid('BTCUSDT')))).toMatchObject({
      code: -2010,
      msg: DISABLED,
      status: 400,
    })
    expect(
      await rejection(a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: 1, newQty: '0.00500' })),
    ).toMatchObject({ code: -2038, msg: DISABLED })
    // Cancels are not disabled: an unknown order is the usual -2011.
    expect(await rejection(a.orderCancel({ symbol: 'BTCUSDT', orderId: 999_999 }))).toMatchObject({
      code: -2011,
      msg: 'Unknown order sent.',
    })
  })

  it('a server without WebSocket API trading: "WebSocket API trading is not enabled." for place (-2010), cancel (-2011), amend (-2038)', async () => {
    const a = api('serverWithoutTrading')
    const msg = 'WebSocket API trading is not enabled.'
    expect((await a.accountStatus()).data.canTrade).toBe(true)
    expect(await rejection(a.orderPlace(bid('BTCUSDT')))).toMatchObject({ code: -2010, msg, status: 400 })
    expect(await rejection(a.orderCancel({ symbol: 'BTCUSDT', orderId: 1 }))).toMatchObject({
      code: -2011,
      msg,
    })
    expect(
      await rejection(a.orderAmendKeepPriority({ symbol: 'BTCUSDT', orderId: 1, newQty: '0.00500' })),
    ).toMatchObject({ code: -2038, msg })
    expect((await a.orderTest(bid('BTCUSDT'))).data).toEqual({})
  })
})

describe('IP whitelist per API key (fidelity 3.1.8)', () => {
  it('a key whitelisted for another IP gets -2015 on every keyed request; one whitelisting 127.0.0.1 works', async () => {
    const refused = { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }
    const elsewhere = api('ipElsewhere')
    expect(await rejection(elsewhere.accountStatus())).toMatchObject(refused)
    expect(await rejection(elsewhere.orderPlace(bid('BTCUSDT')))).toMatchObject(refused)
    expect(await rejection(elsewhere.userDataStreamStart())).toMatchObject(refused)
    // Public methods carry no key.
    expect((await elsewhere.depth({ symbol: 'BTCUSDT' })).data.lastUpdateId).toEqual(expect.any(Number))
    const local = api('ipLocal')
    expect((await local.accountStatus()).data.canTrade).toBe(true)
    expect((await local.orderPlace(bid('BTCUSDT'))).data).toMatchObject({ status: 'NEW' })
  })
})
