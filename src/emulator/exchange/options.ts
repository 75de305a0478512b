// The exchange's configuration types: accounts, symbols, commission, the synthetic liquidity.
import type {
  OrderType,
  Permission,
  SelfTradePreventionMode,
  SymbolTradingStatus,
} from '../../protocol/enums.js'
import type { Decimal } from '../../protocol/methods.js'
import type { AssetFilter, SymbolFilter } from '../../protocol/results.js'
import type { AccountCommissionOptions } from './commission/options.js'
import type { PriceRangeOptions, ReferencePriceOptions } from './market-data/reference-options.js'

/** What an API key may do: place/cancel orders, read account data, manage user data streams. */
export type ApiPermission = 'TRADE' | 'USER_DATA' | 'USER_STREAM'

export const ALL_API_PERMISSIONS: readonly ApiPermission[] = ['TRADE', 'USER_DATA', 'USER_STREAM']

/** Commission rates as decimals, e.g. `'0.001'` for 0.1 %. */
export interface CommissionOptions {
  maker?: Decimal
  taker?: Decimal
  buyer?: Decimal
  seller?: Decimal
}

interface AccountCommon {
  apiKey: string
  /** Initial free balances per asset, e.g. `{ USDT: '100000' }`. */
  balances?: Record<string, Decimal>
  /** Default: all of them. */
  permissions?: readonly ApiPermission[]
  /** Default: the emulator-wide `commission`. */
  commission?: CommissionOptions
  /**
   * Tax and special rates, per-symbol overrides and the BNB discount switch (docs/emulator-fidelity.md 3.15).
   */
  commissions?: AccountCommissionOptions
  /** MAX_ASSET filters of this account (shown only by `myFilters`). */
  assetFilters?: AssetFilter[]
  /** Accounts sharing a trade group are one party for self-trade prevention. Default -1: none. */
  tradeGroupId?: number
  /** `sor.order.place` is refused (-2010 "This action is disabled on this account."). Default false. */
  preventSor?: boolean
  /**
   * The account's trading permissions (`account.status` `permissions`), matched against each symbol's
   * `permissionSets` at order entry (-2010 "This symbol is not permitted for this account."). Default `["SPOT"]`.
   */
  accountPermissions?: readonly Permission[]
  /** Symbols this account's type may not trade: -2010 "This symbol is restricted for this account.". */
  restrictedSymbols?: readonly string[]
  /**
   * false: the account may not trade (`account.status` `canTrade: false`); placing answers -2010, canceling
   * -2011, amending -2038, each "This account may not place or cancel orders.". Default true.
   */
  canTrade?: boolean
  /** Actions answered "This action is disabled on this account." (-2010 / -2011 / -2038). Default none. */
  disabledActions?: readonly TradingAction[]
  /**
   * The IP addresses the key may be used from; a request from any other answers -2015 "Invalid API-key, IP,
   * or permissions for action.". Default: any address.
   */
  ipWhitelist?: readonly string[]
}

/**
 * Account-level trading actions: PLACE (order.place, the new order of order.cancelReplace, order lists,
 * sor.order.place), CANCEL (order.cancel, the cancel of order.cancelReplace, orderList.cancel,
 * openOrders.cancelAll), AMEND (order.amend.keepPriority). Test methods are never blocked.
 */
export type TradingAction = 'PLACE' | 'CANCEL' | 'AMEND'

export const TRADING_ACTIONS: readonly TradingAction[] = ['PLACE', 'CANCEL', 'AMEND']

/** An account with one API key: an HMAC secret, or an Ed25519/RSA public key (PEM, detected). */
export type AccountOptions =
  | (AccountCommon & { hmacSecret: string; publicKey?: never })
  | (AccountCommon & { publicKey: string | Buffer; hmacSecret?: never })

/** Every field an account entry takes (a field added to AccountOptions and not here does not compile). */
export const ACCOUNT_FIELDS: { readonly [K in keyof Required<AccountOptions>]: true } = {
  apiKey: true,
  hmacSecret: true,
  publicKey: true,
  balances: true,
  permissions: true,
  commission: true,
  commissions: true,
  assetFilters: true,
  tradeGroupId: true,
  preventSor: true,
  accountPermissions: true,
  restrictedSymbols: true,
  canTrade: true,
  disabledActions: true,
  ipWhitelist: true,
}

/** A tradable symbol; omitted fields take the values of a typical Binance spot symbol. */
export interface SymbolOptions {
  symbol: string
  baseAsset: string
  quoteAsset: string
  /** Centre of the synthetic liquidity, and the last price until the first trade. */
  referencePrice: Decimal
  /** PRICE_FILTER and LOT_SIZE are required: they define the symbol's integer units. */
  filters: SymbolFilter[]
  status?: SymbolTradingStatus
  baseAssetPrecision?: number
  quotePrecision?: number
  quoteAssetPrecision?: number
  baseCommissionPrecision?: number
  quoteCommissionPrecision?: number
  /** Default: every order type. */
  orderTypes?: OrderType[]
  quoteOrderQtyMarketAllowed?: boolean
  /** Each of these features defaults to allowed. */
  icebergAllowed?: boolean
  /** Order lists: OCO (and OTOCO/OPOCO), OTO (and OTOCO/OPO/OPOCO), OPO (and OPOCO). Default true. */
  ocoAllowed?: boolean
  otoAllowed?: boolean
  opoAllowed?: boolean
  allowTrailingStop?: boolean
  cancelReplaceAllowed?: boolean
  amendAllowed?: boolean
  pegInstructionsAllowed?: boolean
  isSpotTradingAllowed?: boolean
  isMarginTradingAllowed?: boolean
  permissionSets?: Permission[][]
  defaultSelfTradePreventionMode?: SelfTradePreventionMode
  /** Default: every mode. */
  allowedSelfTradePreventionModes?: SelfTradePreventionMode[]
  /** Quantity of each synthetic liquidity level. Default: 1000 × LOT_SIZE minQty. */
  liquidityQty?: Decimal
  /** How `referencePrice` is computed. Default: none (the symbol has no reference price). */
  referencePriceCalculation?: ReferencePriceOptions
  /** The PRICE_RANGE execution rule (`executionRules`). Default: none. */
  priceRange?: PriceRangeOptions
  /** Whether commission on this symbol may be paid in BNB at a discount. Default true. */
  bnbDiscountEnabled?: boolean
}

/** The synthetic market maker: `levels` orders per side, `spacingBps` apart around the reference price. */
export interface LiquidityOptions {
  levels?: number
  spacingBps?: number
}
