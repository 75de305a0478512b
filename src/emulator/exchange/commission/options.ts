// Configuration of commission beyond the standard rates: tax, special, per symbol, BNB discount.
import type { Decimal } from '../../../protocol/methods.js'
import type { CommissionOptions } from '../options.js'

/** The three commission types of one account (or of one account on one symbol). */
interface CommissionSet {
  standard?: CommissionOptions
  tax?: CommissionOptions
  special?: CommissionOptions
}

/** An account's commission configuration besides its standard `commission`. */
export interface AccountCommissionOptions extends CommissionSet {
  /** Overrides per symbol; each type replaces the account's rates of that type. */
  bySymbol?: Record<string, CommissionSet>
  /** `discount.enabledForAccount`: pay commission in BNB at a discount when the balance allows. Default false. */
  payInBnb?: boolean
}

/** How the BNB discount is applied (docs/emulator-fidelity.md A44). */
export interface BnbDiscountOptions {
  /** Default `'0.25'`. */
  discount?: Decimal
  /**
   * `REDUCE` (default): standard × (1 − discount), the field text's reading;
   * `MULTIPLY`: standard × discount, the FAQ's worked example.
   */
  formula?: 'REDUCE' | 'MULTIPLY'
  /** BNB per unit of an asset with no BNB symbol to price it, e.g. `{ USDT: '0.00384615' }`. */
  rates?: Record<string, Decimal>
}
