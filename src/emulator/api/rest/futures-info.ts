// `GET /fapi/v1/exchangeInfo` and `GET /dapi/v1/exchangeInfo`, which ccxt's default `loadMarkets()` asks for the
// USDⓈ-M and COIN-M futures markets: a spot-only venue lists none (docs/emulator-fidelity.md R12). Binance serves
// them from other hosts (fapi/dapi.binance.com) with their own limits, so they are not weighed here.
import { apiError } from '../../../protocol/errors.js'
import type { HttpRoute } from '../http-routes.js'
import { allowed, type RestEnv } from './rest-api.js'
import { writeAnswer } from './rest-response.js'

/** The futures exchangeInfo routes: `/fapi/` (with its `assets` list) and `/dapi/`, each without symbols. */
export function futuresInfo(env: RestEnv): HttpRoute[] {
  const route = (prefix: '/fapi/' | '/dapi/'): HttpRoute => ({
    prefix,
    handle(req, res, path) {
      const known = path === `${prefix}v1/exchangeInfo`
      const status = !known ? 404 : req.method === 'GET' || req.method === 'HEAD' ? 200 : 405
      const body =
        status === 200
          ? {
              timezone: 'UTC',
              serverTime: env.clock(),
              rateLimits: [],
              exchangeFilters: [],
              ...(prefix === '/fapi/' ? { assets: [] } : {}),
              symbols: [],
            }
          : apiError('UNSUPPORTED_OPERATION')
      const answer = () =>
        writeAnswer(res, status, JSON.stringify(body), status === 405 ? ['Allow', allowed(['GET'])] : [])
      if (env.gate) env.gate.send(answer)
      else answer()
    },
  })
  return [route('/fapi/'), route('/dapi/')]
}
