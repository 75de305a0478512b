// addAccount, addKey, updateKey and resetAccount refuse what no account may hold — a commission rate above 1, a
// malformed asset or symbol name, a private key as publicKey, an ipWhitelist entry that is no address, an unknown
// account permission, a trade group below 1 — as a param error naming its path, over HTTP and in-process; nothing
// is added or changed.
import { describe, expect, it } from 'vitest'
import type { AccountOptions } from '../../../src/emulator/index.js'
import { controlCall } from '../../support/control-call.js'
import {
  expectInvalidParam,
  expectParamError,
  refusalVenue,
  venueState,
} from '../../support/control-refusal.js'
import { ED25519 } from '../../support/keys.js'

const k = refusalVenue()

const RATE = 'must be a rate from 0 to 1'
const ASSET = 'must be an asset name'
const PRIVATE = 'publicKey: is a PRIVATE key'

/** Fields of a new account (with `apiKey: 'new'` and a secret) and the start of the message refusing them. */
const ACCOUNTS: [Record<string, unknown>, string][] = [
  [{ commission: { maker: '2', taker: '2' } }, `commission.maker: ${RATE}`],
  [{ commission: { taker: '99999999' } }, `commission.taker: ${RATE}`],
  [{ commission: { seller: '1.00000001' } }, `commission.seller: ${RATE}`],
  [{ commissions: { tax: { taker: '1.5' } } }, `commissions.tax.taker: ${RATE}`],
  [
    { commissions: { bySymbol: { BTCUSDT: { special: { buyer: '3' } } } } },
    `commissions.bySymbol.BTCUSDT.special.buyer: ${RATE}`,
  ],
  [{ commissions: { bySymbol: { 'btc usdt': {} } } }, 'commissions.bySymbol.btc usdt: must be a symbol name'],
  [{ balances: { '': '1' } }, `balances.: ${ASSET}`],
  [{ balances: { usdt: '1' } }, `balances.usdt: ${ASSET}`],
  [{ balances: { 'USDT ': '1' } }, `balances.USDT : ${ASSET}`],
  [
    { assetFilters: [{ filterType: 'MAX_ASSET', asset: 'btc', limit: '1' }] },
    `assetFilters[0].asset: ${ASSET}`,
  ],
  [{ ipWhitelist: ['not-an-ip'] }, 'ipWhitelist[0]: must be an IPv4 or IPv6 address'],
  [{ ipWhitelist: ['10.0.0.1', '999.1.1.1'] }, 'ipWhitelist[1]: must be an IPv4 or IPv6 address'],
  [{ ipWhitelist: ['10.0.0.0/8'] }, 'ipWhitelist[0]: CIDR ranges are not supported'],
  [{ accountPermissions: ['NOPE'] }, 'accountPermissions: NOPE is not one of SPOT, MARGIN'],
  [{ restrictedSymbols: ['nope'] }, 'restrictedSymbols[0]: must be a symbol name'],
  [{ tradeGroupId: -1 }, 'tradeGroupId: must be a whole number ≥ 1'],
  [{ tradeGroupId: 0 }, 'tradeGroupId: must be a whole number ≥ 1'],
  [{ hmacSecret: undefined, publicKey: ED25519.privateKeyPem }, PRIVATE],
  [{ hmacSecret: undefined }, 'hmacSecret: one of hmacSecret and publicKey (a PEM public key) is required'],
]

const withKey = (fields: Record<string, unknown>) => ({ apiKey: 'new', hmacSecret: 's', ...fields })

describe('addAccount and the key calls: what no account may hold', () => {
  it('over HTTP: 400 INVALID_PARAM naming the path; nothing added; a private key never echoed', async () => {
    const before = await venueState(k)
    for (const [fields, msg] of ACCOUNTS) await expectInvalidParam(k, 'addAccount', withKey(fields), msg)
    const key = { account: 'k1', apiKey: 'k1b' }
    await expectInvalidParam(k, 'addKey', { ...key, publicKey: ED25519.privateKeyPem }, PRIVATE)
    await expectInvalidParam(k, 'addKey', key, 'hmacSecret: one of hmacSecret and publicKey')
    await expectInvalidParam(
      k,
      'addKey',
      { ...key, hmacSecret: 's', ipWhitelist: ['1.2.3.4/32'] },
      'ipWhitelist[0]: CIDR',
    )
    await expectInvalidParam(
      k,
      'updateKey',
      { apiKey: 'k1', ipWhitelist: ['garbage'] },
      'ipWhitelist[0]: must be an IPv4',
    )
    await expectInvalidParam(
      k,
      'updateKey',
      { apiKey: 'k1', ipWhitelist: ['::1', '10.0.0.0/8'] },
      'ipWhitelist[1]: CIDR',
    )
    await expectInvalidParam(
      k,
      'resetAccount',
      { apiKey: 'k1', balances: { usdt: '1', '<b>': '2' } },
      `balances.usdt: ${ASSET}`,
    )
    const answer = await controlCall(k, 'addAccount', { apiKey: 'new', publicKey: ED25519.privateKeyPem })
    const body = ED25519.privateKeyPem.split('\n')[1] ?? ''
    expect(answer.text).not.toContain(body.slice(0, 16))
    expect(await venueState(k)).toEqual(before)
  })

  it('in-process: a ControlParamError naming the path; nothing added', async () => {
    const before = await venueState(k)
    for (const [fields, msg] of ACCOUNTS)
      expectParamError(() => k.ex.addAccount(withKey(fields) as AccountOptions), msg)
    expectParamError(() => k.ex.addKey('k1', { apiKey: 'k1b', publicKey: ED25519.privateKeyPem }), PRIVATE)
    expectParamError(() => k.ex.updateKey('k1', { ipWhitelist: ['10.0.0.0/8'] }), 'ipWhitelist[0]: CIDR')
    expectParamError(() => k.ex.resetAccount('k1', { balances: { '<b>': '2' } }), `balances.<b>: ${ASSET}`)
    expect(await venueState(k)).toEqual(before)
  })

  it('takes the edges: rates 0 and 1, IPv4 and IPv6 addresses, a trade group ≥ 1, a symbol not listed yet', async () => {
    const fields = {
      commission: { maker: '0', taker: '1' },
      commissions: { tax: { taker: '1.00000000' } },
      ipWhitelist: ['127.0.0.1', '::1'],
      tradeGroupId: 7,
      accountPermissions: ['SPOT', 'TRD_GRP_025'],
      restrictedSymbols: ['XYZUSDT'],
      balances: { '1000SATS': '5' },
    }
    const added = await controlCall(k, 'addAccount', withKey({ ...fields, apiKey: 'edge' }))
    expect(added).toMatchObject({
      status: 200,
      body: { result: { apiKey: 'edge', ipWhitelist: ['127.0.0.1', '::1'] } },
    })
  })
})
