// How a ccxt user points `binance` and `pro.binance` at a local Binance: URL options and documented options only.
import type { RestAccount, RestTarget } from './rest-target.js'

/**
 * The constructor argument: the spot REST, stream and WebSocket API URLs, and the options that keep ccxt to the
 * spot API, which is all the emulator serves: `fetchMarkets.types` (default also USDⓈ-M and COIN-M futures, on other
 * hosts), `fetchCurrencies: false` and `fetchMargins: false` (with keys set they call the `sapi` wallet and margin
 * endpoints). `streamLimits.spot: 1` puts every market stream on one connection (`/ws/0`), in subscription order.
 */
export function ccxtSettings(target: RestTarget, account: RestAccount) {
  return {
    apiKey: account.apiKey,
    secret: account.secret,
    urls: {
      api: {
        public: `${target.http}/api/v3`,
        private: `${target.http}/api/v3`,
        ws: { spot: `${target.streams}/ws`, 'ws-api': { spot: target.wsApi } },
      },
    },
    options: {
      fetchMarkets: { types: ['spot'] },
      fetchCurrencies: false,
      fetchMargins: false,
      streamLimits: { spot: 1 },
    },
  }
}
