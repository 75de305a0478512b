// The few `/sapi` (wallet and margin) endpoints that ccxt's default `loadMarkets()`, `fetchStatus()` and
// `fetchTradingFee(s)()` call, answered as a spot-only venue: no deposits, withdrawals, networks or margin pairs
// (docs/emulator-fidelity.md R12). Signed as `/api/v3` is (auth.ts); not weighed: Binance counts `/sapi` apart.
import type { IncomingMessage } from 'node:http'
import { apiError } from '../../../protocol/errors.js'
import type { Account } from '../../exchange/account.js'
import { fail } from '../../exchange/api-failure.js'
import { scheduleOf } from '../../exchange/commission/schedule.js'
import type { Exchange } from '../../exchange/exchange.js'
import type { ListedSymbol } from '../../exchange/symbols.js'
import { moneyText } from '../../exchange/units.js'
import { type AuthSpec, authenticate } from '../auth.js'
import type { Connection } from '../connection.js'
import type { HttpRoute } from '../http-routes.js'
import { expected, failure, type Outcome } from '../run-request.js'
import { readForm } from './form-params.js'
import { allowed, type RestEnv } from './rest-api.js'
import { restConnections } from './rest-connections.js'
import { writeAnswer } from './rest-response.js'

interface SapiEndpoint extends AuthSpec {
  /** The params it reads besides the key, `timestamp`, `recvWindow` and `signature`. */
  readonly params: readonly string[]
  answer(exchange: Exchange, account: Account | undefined, params: Readonly<Record<string, string>>): unknown
}

/** Names every endpoint reads: ccxt signs even the API-key-only margin pair list. */
const SIGNING = ['timestamp', 'recvWindow', 'signature']

const ENDPOINTS: ReadonlyMap<string, SapiEndpoint> = new Map<string, SapiEndpoint>([
  [
    '/sapi/v1/system/status',
    { wire: 'sapi.systemStatus', auth: 'NONE', security: 'NONE', params: [], answer: () => NORMAL },
  ],
  [
    '/sapi/v1/capital/config/getall',
    { wire: 'sapi.capitalConfig', auth: 'SIGNED', security: 'USER_DATA', params: [], answer: coins },
  ],
  [
    '/sapi/v1/asset/tradeFee',
    { wire: 'sapi.tradeFee', auth: 'SIGNED', security: 'USER_DATA', params: ['symbol'], answer: tradeFees },
  ],
  [
    '/sapi/v1/margin/allPairs',
    { wire: 'sapi.marginPairs', auth: 'API_KEY', security: 'NONE', params: ['symbol'], answer: () => [] },
  ],
  [
    '/sapi/v1/margin/isolated/allPairs',
    {
      wire: 'sapi.isolatedPairs',
      auth: 'SIGNED',
      security: 'USER_DATA',
      params: ['symbol'],
      answer: () => [],
    },
  ],
])

const NORMAL = { status: 0, msg: 'normal' }

/** Every asset of the listed symbols and of the account's balances, as `capital/config/getall` lists coins. */
function coins(exchange: Exchange, account: Account | undefined): unknown {
  const id = account?.id ?? fail('UNAUTHORIZED')
  const assets = new Set(exchange.balances.holdings(id).keys())
  for (const s of exchange.symbols.values()) assets.add(s.spec.baseAsset).add(s.spec.quoteAsset)
  return [...assets].sort().map((coin) => {
    const held = exchange.balances.balance(id, coin)
    return {
      coin,
      depositAllEnable: false,
      withdrawAllEnable: false,
      name: coin,
      free: moneyText(held.free),
      locked: moneyText(held.locked),
      freeze: '0',
      withdrawing: '0',
      ipoing: '0',
      ipoable: '0',
      storage: '0',
      isLegalMoney: false,
      trading: true,
      networkList: [],
    }
  })
}

/** The maker and taker rates the account pays per symbol: standard + tax + special (3.15.2). */
function tradeFees(
  exchange: Exchange,
  account: Account | undefined,
  params: Readonly<Record<string, string>>,
) {
  const acc = account ?? fail('UNAUTHORIZED')
  const symbol = params['symbol']
  const listed: ListedSymbol[] =
    symbol === undefined
      ? [...exchange.symbols.values()]
      : [exchange.symbols.get(symbol) ?? fail('BAD_SYMBOL')]
  return listed.map((s) => {
    const c = scheduleOf(acc, s, exchange.config.bnbDiscount)
    return {
      symbol: s.info.symbol,
      makerCommission: plain(c.standard.maker + c.tax.maker + c.special.maker),
      takerCommission: plain(c.standard.taker + c.tax.taker + c.special.taker),
    }
  })
}

/** A rate as the endpoint writes it: "0.001", not "0.00100000". */
function plain(units: bigint): string {
  return moneyText(units).replace(/\.?0+$/, '')
}

/** The `/sapi/` route of the HTTP server. */
export function sapiApi(env: RestEnv): HttpRoute {
  const connectionOf = restConnections(() => env.clock())
  return {
    prefix: '/sapi/',
    handle(req, res, path, query) {
      const endpoint = ENDPOINTS.get(path)
      const write = (status: number, body: unknown, headers: string[] = []) => {
        const answer = () => writeAnswer(res, status, JSON.stringify(body), headers)
        if (env.gate) env.gate.send(answer)
        else answer()
      }
      if (!endpoint) return write(404, apiError('UNSUPPORTED_OPERATION'))
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return write(405, apiError('UNSUPPORTED_OPERATION'), ['Allow', allowed(['GET'])])
      const now = env.clock()
      let outcome: Outcome
      try {
        outcome = { status: 200, result: run(env, connectionOf(req), endpoint, req, query, now) }
      } catch (e) {
        if (!expected(e)) env.internalErrors?.met(endpoint.wire, e)
        outcome = failure(e)
      }
      write(outcome.status, 'result' in outcome ? outcome.result : outcome.error)
    },
  }
}

function run(
  env: RestEnv,
  connection: Connection,
  endpoint: SapiEndpoint,
  req: IncomingMessage,
  query: string,
  now: number,
): unknown {
  const form = readForm(query, '')
  let read = 0
  let sent = 0
  for (const name in form.params) {
    sent++
    if (endpoint.params.includes(name) || SIGNING.includes(name)) read++
  }
  if (read < sent) fail('UNREAD_PARAMETERS_COUNT', read, sent)
  const header = req.headers['x-mbx-apikey']
  const apiKey = Array.isArray(header) ? header[0] : header
  const rest = { apiKey, payload: form.payload }
  const account = authenticate(endpoint, form.params, connection, env.exchange, env, now, rest)
  return endpoint.answer(env.exchange, account, form.params)
}
