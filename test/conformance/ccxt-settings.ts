// How a ccxt user points `binance` and `pro.binance` at a local Binance: URL options only.
import { binance } from 'ccxt'
import type { RestAccount, RestTarget } from './rest-target.js'

/**
 * ccxt's own REST URLs (`urls.api`: `public`, `private`, `sapi`, `fapiPublic`, `dapiPublic`, …) with each Binance
 * host (api, fapi, dapi, eapi, papi `.binance.com`) replaced by the emulator's origin, the paths kept. ccxt's
 * default `loadMarkets()` reads `/sapi` and the futures `exchangeInfo`s; the emulator answers them as a spot-only
 * venue, and anything else there 404 -1020.
 */
export function ccxtRestUrls(target: RestTarget): Record<string, string> {
  const urls: Record<string, string> = {}
  for (const [name, url] of Object.entries(new binance().urls['api'] as Record<string, unknown>)) {
    if (typeof url === 'string') urls[name] = url.replace(/^https:\/\/[^/]+/, target.http)
  }
  return urls
}

/**
 * The constructor argument: the REST, stream and WebSocket API URLs, and no other option than
 * `streamLimits.spot: 1`, which puts every market stream on one connection (`/ws/0`), in subscription order, so
 * that the stream tests can read them in that order.
 */
export function ccxtSettings(target: RestTarget, account: RestAccount) {
  return {
    apiKey: account.apiKey,
    secret: account.secret,
    urls: {
      api: {
        ...ccxtRestUrls(target),
        ws: { spot: `${target.streams}/ws`, 'ws-api': { spot: target.wsApi } },
      },
    },
    options: { streamLimits: { spot: 1 } },
  }
}
