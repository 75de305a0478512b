// An emulated account: its API key (verifier parsed once), permissions and commission rates.
import type { Permission } from '../../protocol/enums.js'
import { createVerifier, type Verifier } from '../../protocol/signing.js'
import { DECIMAL_PATTERN, MONEY_SCALE, significantDecimals, toUnits } from '../engine/decimal.js'
import type { RateUnits } from '../engine/settlement.js'
import {
  type AccountOptions,
  ALL_API_PERMISSIONS,
  type ApiPermission,
  type CommissionOptions,
} from './options.js'

const DEFAULT_COMMISSION: Required<CommissionOptions> = {
  maker: '0.001',
  taker: '0.001',
  buyer: '0',
  seller: '0',
}

export class Account {
  readonly apiKey: string
  readonly verifier: Verifier
  /** What the key may do; `updateKey` replaces it. */
  permissions: ReadonlySet<ApiPermission>
  /** Trading permissions matched against symbols' `permissionSets` (default `["SPOT"]`). */
  readonly tradingPermissions: readonly Permission[]
  /** Addresses the key may be used from; undefined: any. `updateKey` replaces it. */
  ipWhitelist: ReadonlySet<string> | undefined
  readonly rates: RateUnits
  /** Shown by account.status; stable per position in the configuration. */
  readonly uid: number
  /** When a balance last changed. */
  updateTime: number

  constructor(
    readonly id: number,
    /** The configuration it was created from. */
    readonly options: AccountOptions,
    defaults: CommissionOptions | undefined,
    now: number,
  ) {
    this.apiKey = options.apiKey
    this.verifier =
      options.hmacSecret !== undefined
        ? createVerifier({ hmacSecret: options.hmacSecret })
        : createVerifier({ publicKey: options.publicKey })
    this.permissions = new Set(options.permissions ?? ALL_API_PERMISSIONS)
    this.tradingPermissions = [...(options.accountPermissions ?? ['SPOT'])]
    this.ipWhitelist = options.ipWhitelist && new Set(options.ipWhitelist)
    const rates = { ...DEFAULT_COMMISSION, ...defaults, ...options.commission }
    this.rates = {
      maker: rate(rates.maker),
      taker: rate(rates.taker),
      buyer: rate(rates.buyer),
      seller: rate(rates.seller),
    }
    this.uid = 354937868 + id
    this.updateTime = now
  }
}

function rate(text: string): bigint {
  if (!DECIMAL_PATTERN.test(text) || significantDecimals(text) > MONEY_SCALE) {
    throw new TypeError(`commission rate '${text}' is not a decimal with at most ${MONEY_SCALE} places`)
  }
  return toUnits(text, MONEY_SCALE)
}
