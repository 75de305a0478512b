// Session: log on with an Ed25519 key, check the session, sign nothing per request, log out. Embedded emulator.
import { generateKeyPairSync } from 'node:crypto'
import { SpotWebsocketAPI } from 'binance-spot-ws'
import { startEmulator } from 'binance-spot-ws/emulator'

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const ex = await startEmulator({
  port: 0,
  accounts: [
    {
      apiKey: 'my-ed25519-key',
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      balances: { USDT: '1000' },
    },
  ],
})
const connection = await new SpotWebsocketAPI({
  wsURL: ex.url,
  apiKey: 'my-ed25519-key',
  privateKey,
}).connect()
try {
  console.log('before logon, apiKey:', (await connection.sessionStatus()).data.apiKey)

  const { data: logon } = await connection.sessionLogon()
  console.log(`logged on as ${logon.apiKey} since ${new Date(logon.authorizedSince ?? 0).toISOString()}`)

  // Signed methods now run on the session.
  const { data: account } = await connection.accountStatus({ omitZeroBalances: true })
  console.log('balances:', account.balances.map((b) => `${b.asset} ${b.free}`).join(', '))

  await connection.sessionLogout()
  console.log('after logout, apiKey:', (await connection.sessionStatus()).data.apiKey)
} finally {
  await connection.disconnect()
  await ex.close()
}
