// Conformance: ccxt's `binance` with API keys and default options — nothing but its URLs pointed at the emulator —
// gets through `loadMarkets()` (which with keys reads `/sapi` wallet and margin lists and the futures exchangeInfos)
// and the common calls (docs/emulator-fidelity.md R12).
import { binance } from 'ccxt'
import { beforeAll, describe, expect, it } from 'vitest'
import { ccxtRestUrls } from './ccxt-settings.js'
import { loopbackChecks } from './loopback-checks.js'
import { type RestAccount, restTarget, START_BALANCES } from './rest-target.js'

const target = restTarget()
loopbackChecks()

const SYMBOL = 'BTC/USDT'
const ID = 'BTCUSDT'

describe('ccxt binance, keys and default options', () => {
  let rest: binance
  let account: RestAccount
  beforeAll(() => {
    account = target.account('HMAC')
    rest = new binance({
      apiKey: account.apiKey,
      secret: account.secret,
      urls: { api: ccxtRestUrls(target) },
    })
  })

  it('loadMarkets: the spot markets of exchangeInfo, no futures; currencies from capital/config/getall', async () => {
    const markets = await rest.loadMarkets()
    const info = (await account.ours.exchangeInfo()).data
    expect(Object.values(markets).map((m) => m?.id)).toEqual(info.symbols.map((s) => s.symbol))
    expect(rest.market(SYMBOL)).toMatchObject({ id: ID, spot: true, margin: false, active: true })
    const assets = new Set(info.symbols.flatMap((s) => [s.baseAsset, s.quoteAsset]))
    for (const asset of assets) {
      // Read from the endpoint's coin (ccxt adds a few currencies of its own, such as BNFCR).
      expect(rest.currencies[asset], asset).toMatchObject({ id: asset, active: true, info: { coin: asset } })
    }
  })

  it('fetchStatus: ok', async () => {
    expect(await rest.fetchStatus()).toMatchObject({ status: 'ok', info: { status: 0, msg: 'normal' } })
  })

  it('fetchBalance: the balances of account.status', async () => {
    const balance = await rest.fetchBalance()
    expect(balance.info.balances).toEqual((await account.ours.accountStatus()).data.balances)
    expect(balance['USDT']).toMatchObject({ free: Number(START_BALANCES.USDT), used: 0 })
  })

  it('fetchTradingFees and fetchTradingFee: the rates of account.commission', async () => {
    const c = (await account.ours.accountCommission({ symbol: ID })).data
    const rate = (side: 'maker' | 'taker') =>
      Number(c.standardCommission[side]) + Number(c.taxCommission[side]) + Number(c.specialCommission[side])
    const fees = await rest.fetchTradingFees()
    expect(Object.keys(fees).sort()).toEqual(Object.keys(rest.markets ?? {}).sort())
    expect(fees[SYMBOL]).toMatchObject({ symbol: SYMBOL, maker: rate('maker'), taker: rate('taker') })
    expect(await rest.fetchTradingFee(SYMBOL)).toMatchObject({ maker: rate('maker'), taker: rate('taker') })
  })

  it('createOrder LIMIT rests as order.status shows it; cancelOrder cancels it', async () => {
    const order = await rest.createOrder(SYMBOL, 'limit', 'buy', 0.001, 57000)
    expect(order).toMatchObject({ status: 'open', type: 'limit', side: 'buy', price: 57000, amount: 0.001 })
    const held = await account.ours.orderStatus({ symbol: ID, orderId: Number(order.id) })
    expect(held.data).toMatchObject({ clientOrderId: order.clientOrderId, status: 'NEW' })
    expect(await rest.cancelOrder(order.id ?? '', SYMBOL)).toMatchObject({ status: 'canceled' })
  })
})
