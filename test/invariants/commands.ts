// The model suite's commands and their generators. Prices are ticks (both symbols trade near 100
// ticks); list prices are offsets from the last trade price, so most lists are accepted.
import fc from 'fast-check'
import type { MPlace, MStp } from './reference-model.js'

export const ACCOUNTS = [1, 2, 3]

export interface OcoCommand {
  readonly kind: 'oco'
  readonly account: number
  readonly symbol: string
  readonly side: 'BUY' | 'SELL'
  readonly qty: number
  /** Ticks between the last price and the LIMIT_MAKER leg. */
  readonly limitOffset: number
  /** Ticks between the last price and the stop price. */
  readonly stopOffset: number
  /** Ticks the stop-limit price lies beyond its stop price (away from the last price). */
  readonly stopLimitGap: number
  readonly stp: MStp
}

export interface OtoCommand {
  readonly kind: 'oto'
  readonly account: number
  readonly symbol: string
  readonly working: { readonly side: 'BUY' | 'SELL'; readonly price: number; readonly qty: number }
  readonly pending: { readonly side: 'BUY' | 'SELL'; readonly price: number; readonly qty: number }
  readonly stp: MStp
}

export type Command =
  | { kind: 'place'; cmd: MPlace }
  | { kind: 'cancel'; account: number; symbol: string; pick: number }
  | { kind: 'amend'; account: number; symbol: string; pick: number; newQty: number }
  | {
      kind: 'replace'
      mode: 'STOP_ON_FAILURE' | 'ALLOW_FAILURE'
      account: number
      symbol: string
      pick: number
      cmd: MPlace
    }
  | OcoCommand
  | OtoCommand
  | { kind: 'listCancel'; account: number; symbol: string; pick: number }

const account = fc.constantFrom(...ACCOUNTS)
const symbolName = fc.constantFrom('AAABBB', 'CCCBBB')
const side = fc.constantFrom('BUY' as const, 'SELL' as const)
const stp = fc.constantFrom<MStp>(
  'NONE',
  'NONE',
  'NONE',
  'EXPIRE_TAKER',
  'EXPIRE_MAKER',
  'EXPIRE_BOTH',
  'DECREMENT',
)

const newOrder: fc.Arbitrary<MPlace> = fc
  .record({
    account,
    symbol: symbolName,
    side,
    type: fc.constantFrom('LIMIT', 'LIMIT', 'LIMIT', 'LIMIT', 'LIMIT_MAKER', 'MARKET', 'MARKET' as const),
    tif: fc.constantFrom('GTC', 'GTC', 'GTC', 'IOC', 'FOK' as const),
    price: fc.integer({ min: 90, max: 110 }),
    qty: fc.integer({ min: 1, max: 30 }),
    /** MARKET by quoteOrderQty one time in three, in 0.001 of the quote asset. */
    quote: fc.option(fc.integer({ min: 1, max: 400 }), { freq: 2 }),
    clientId: fc.constantFrom(undefined, undefined, 'a', 'b'),
    stp,
  })
  .map(({ quote, ...cmd }) => ({
    ...cmd,
    type: cmd.type as MPlace['type'],
    quote: cmd.type === 'MARKET' && quote !== null ? BigInt(quote) * 100_000n : undefined,
  }))

const place: fc.Arbitrary<Command> = newOrder.map((cmd) => ({ kind: 'place' as const, cmd }))

const cancel: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('cancel' as const),
  account,
  symbol: symbolName,
  pick: fc.nat({ max: 60 }),
})

const amend: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('amend' as const),
  account,
  symbol: symbolName,
  pick: fc.nat({ max: 60 }),
  newQty: fc.integer({ min: 1, max: 30 }),
})

/** The new order goes to the canceled order's account and symbol. */
const replace: fc.Arbitrary<Command> = fc
  .record({
    mode: fc.constantFrom('STOP_ON_FAILURE' as const, 'ALLOW_FAILURE' as const),
    account,
    symbol: symbolName,
    pick: fc.nat({ max: 60 }),
    cmd: newOrder,
  })
  .map((r) => ({ kind: 'replace' as const, ...r, cmd: { ...r.cmd, account: r.account, symbol: r.symbol } }))

const oco: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('oco' as const),
  account,
  symbol: symbolName,
  side,
  qty: fc.integer({ min: 1, max: 30 }),
  limitOffset: fc.integer({ min: -1, max: 8 }),
  stopOffset: fc.integer({ min: 0, max: 8 }),
  stopLimitGap: fc.integer({ min: 0, max: 3 }),
  stp,
})

const leg = fc.record({
  side,
  price: fc.integer({ min: 90, max: 110 }),
  qty: fc.integer({ min: 1, max: 30 }),
})

const oto: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('oto' as const),
  account,
  symbol: symbolName,
  working: leg,
  pending: leg,
  stp,
})

const listCancel: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('listCancel' as const),
  account,
  symbol: symbolName,
  pick: fc.nat({ max: 20 }),
})

/** Sequences the reference model follows exactly: single orders, cancel, amend, cancel-replace. */
export const modelCommands = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: place },
    { weight: 2, arbitrary: cancel },
    { weight: 1, arbitrary: amend },
    { weight: 2, arbitrary: replace },
  ),
  { minLength: 5, maxLength: 60, size: 'medium' },
)

/** Sequences with order lists too: checked against the invariants, not the model. */
export const listCommands = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: place },
    { weight: 2, arbitrary: cancel },
    { weight: 1, arbitrary: amend },
    { weight: 1, arbitrary: replace },
    { weight: 2, arbitrary: oco },
    { weight: 2, arbitrary: oto },
    { weight: 1, arbitrary: listCancel },
  ),
  { minLength: 5, maxLength: 60, size: 'medium' },
)
