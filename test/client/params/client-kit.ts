// The client's param and option tests' venue: an emulator and an HMAC client on one clock that moves only when told
// (rate-limit windows stay put), so that the emulator's request log and counts can prove a refused call sent nothing.
import { SpotWebsocketAPI } from '../../../src/client/index.js'
import { startEmulator } from '../../../src/emulator/index.js'
import { HMAC_SECRET } from '../../support/keys.js'
import { ManualTimers } from '../../support/manual-timers.js'

export async function clientKit() {
  const timers = new ManualTimers()
  const ex = await startEmulator({
    port: 0,
    control: true,
    liquidity: false,
    now: () => timers.now(),
    accounts: [{ apiKey: 'h', hmacSecret: HMAC_SECRET, balances: { USDT: '1000000', BTC: '10' } }],
  })
  const conn = await new SpotWebsocketAPI({
    wsURL: ex.url,
    apiKey: 'h',
    apiSecret: HMAC_SECRET,
    timers,
  }).connect()
  return {
    ex,
    conn,
    timers,
    close: async () => {
      await conn.disconnect()
      await ex.close()
    },
  }
}
