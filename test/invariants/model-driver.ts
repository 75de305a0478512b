// Driver of the model-based test of the exchange (engine, ledger, settlement, liquidity, order
// lists, request handlers, trade records, user data events): random sequences across three accounts
// and two symbols sharing a quote asset, synthetic liquidity off and on. Single orders, cancel,
// amend and cancel-replace are also run on the naive reference in reference-model.ts and must agree
// with it; sequences with order lists are checked against the invariants only. After every step:
// money conserved, locks equal what open orders reserve (an OCO pair once), nothing negative, books
// uncrossed and FIFO, legal order and list transitions, the list rules, every fill once per side in
// the tape, myTrades and both accounts' user data streams (Records), the books' kept open-order counts.
// FUZZ_SEED / FUZZ_SCALE as for fuzz.

import { UserStreams } from '../../src/emulator/api/user-streams.js'
import type { Effects } from '../../src/emulator/engine/effects.js'
import { Exchange, stateOf } from '../../src/emulator/exchange/exchange.js'
import type { SymbolOptions } from '../../src/emulator/options.js'
import { RecordingConnection } from '../support/dispatch-harness.js'
import { assetTotals, invariantProblems } from '../support/invariants.js'
import { ACCOUNTS, type Command } from './commands.js'
import { modelDifferences } from './model-compare.js'
import { openCountProblems } from './open-count-problems.js'
import { Records } from './records.js'
import { type MMarket, Model, type MPlace } from './reference-model.js'
import { type Answer, Wire } from './wire.js'
import {
  amendOrder,
  cancelList,
  cancelReplace,
  placeOco,
  placeOto,
  tradeQueryProblems,
} from './wire-steps.js'

export type { Command } from './commands.js'

const T0 = 1_700_000_000_000

function symbol(
  name: string,
  base: string,
  tick: string,
  step: string,
  ref: string,
  liq: string,
): SymbolOptions {
  return {
    symbol: name,
    baseAsset: base,
    quoteAsset: 'BBB',
    referencePrice: ref,
    liquidityQty: liq,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: '100000', tickSize: tick },
      { filterType: 'LOT_SIZE', minQty: step, maxQty: '100000', stepSize: step },
    ],
  }
}

const SYMBOLS = [
  symbol('AAABBB', 'AAA', '0.01', '0.001', '1.00', '0.010'),
  symbol('CCCBBB', 'CCC', '0.1', '0.01', '10.0', '0.10'),
]

interface World {
  readonly ex: Exchange
  /** Undefined when the sequence has order lists, which the model does not follow. */
  readonly model: Model | undefined
  readonly streams: UserStreams
  readonly connections: ReadonlyMap<number, RecordingConnection>
  readonly totals: ReadonlyMap<string, bigint>
  readonly records: Records
  readonly wire: Wire
}

function world(liquidity: boolean, withModel: boolean): World {
  const ex = new Exchange({
    symbols: SYMBOLS,
    accounts: ACCOUNTS.map((id) => ({
      apiKey: `k${id}`,
      hmacSecret: `s${id}`,
      balances: { AAA: '0.5', BBB: '5', CCC: '1' },
      commission: { maker: '0.001', taker: '0.002' },
    })),
    liquidity: liquidity ? { levels: 5, spacingBps: 100 } : undefined,
    seed: 3,
    commission: undefined,
    startTime: T0,
  })
  const markets = new Map<string, MMarket>()
  for (const [name, s] of ex.symbols) {
    markets.set(name, {
      symbol: name,
      base: s.spec.baseAsset,
      quote: s.spec.quoteAsset,
      priceScale: s.spec.priceScale,
      qtyScale: s.spec.qtyScale,
    })
  }
  const rates = new Map(ACCOUNTS.map((id) => [id, { maker: 100_000n, taker: 200_000n }]))
  const model = new Model(markets, rates, liquidity ? 0 : undefined)
  for (const id of [0, ...ACCOUNTS]) {
    for (const [asset, h] of stateOf(ex).engine.ledger.holdings(id)) {
      model.free.set(`${id}/${asset}`, h.free)
      model.lockedBal.set(`${id}/${asset}`, h.locked)
    }
  }
  for (const name of markets.keys()) {
    const book = ex.book(name)
    for (let id = 1; id <= book.lastOrderId; id++) {
      const o = book.order(id)
      if (!o) continue
      model.adopt({
        id: o.id,
        account: o.accountId,
        symbol: name,
        side: o.side,
        type: 'LIMIT_MAKER',
        tif: 'GTC',
        price: o.price,
        origQty: o.origQty,
        executed: o.executedQty,
        prevented: 0,
        status: o.status,
        clientId: o.clientOrderId,
        stp: 'NONE',
        locked: o.locked,
        resting: o.onBook,
      })
    }
  }
  const streams = new UserStreams(ex)
  const connections = new Map<number, RecordingConnection>()
  for (const a of ex.accounts) {
    const c = new RecordingConnection('127.0.0.1', T0)
    streams.subscribe(c, a, false)
    connections.set(a.id, c)
  }
  const totals = assetTotals(stateOf(ex).engine, [0, ...ACCOUNTS])
  const records = new Records(ex, ACCOUNTS, connections)
  const wire = new Wire(ex, streams, ACCOUNTS, T0)
  return { ex, model: withModel ? model : undefined, streams, connections, totals, records, wire }
}

/** What the runs so far exercised: the property is only as good as the paths it reaches. */
export const reached = {
  steps: 0,
  trades: 0,
  selfTradesPrevented: 0,
  cancels: 0,
  amends: 0,
  rejects: 0,
  quoteOrders: 0,
  replaces: 0,
  replacesPartlyFailed: 0,
  replacesFailed: 0,
  ocos: 0,
  ocoStopsTriggered: 0,
  ocoLimitsFilled: 0,
  otos: 0,
  otosActivated: 0,
  listsCanceled: 0,
  listRejects: 0,
  listEvents: 0,
}

/** The order a cancel, amend or cancel-replace names: three times in four one of the account's open orders, else any id. */
function pickOrder(ex: Exchange, account: number, symbol: string, pick: number): number {
  const open = ex.book(symbol).openOrders(account)
  return open.length > 0 && pick % 4 !== 0 ? (open[pick % open.length]?.id ?? 0) : pick + 1
}

function placeSingle(w: World, cmd: MPlace, now: number): { effects?: Effects; problem?: string } {
  const { ex, model } = w
  const r = stateOf(ex).place(
    {
      accountId: cmd.account,
      symbol: cmd.symbol,
      side: cmd.side,
      type: cmd.type,
      timeInForce: cmd.type === 'LIMIT' ? cmd.tif : 'GTC',
      price: cmd.type === 'MARKET' ? 0 : cmd.price,
      quantity: cmd.quote === undefined ? cmd.qty : 0,
      quoteOrderQty: cmd.quote ?? 0n,
      clientOrderId: cmd.clientId,
      selfTradePreventionMode: cmd.stp,
    },
    now,
  )
  if (cmd.quote !== undefined && r.ok) reached.quoteOrders++
  if (r.ok) reached.selfTradesPrevented += r.prevented.length
  else reached.rejects++
  if (!model) return r.ok ? { effects: r.effects } : {}
  const m = model.place(
    { ...cmd, tif: cmd.type === 'LIMIT' ? cmd.tif : 'GTC' },
    r.ok ? r.order.clientOrderId : '',
  )
  if (r.ok !== m.ok || (!r.ok && !m.ok && r.msg !== m.msg))
    return { problem: `place: engine ${r.ok ? 'accepted' : r.msg}, model ${m.ok ? 'accepted' : m.msg}` }
  return r.ok ? { effects: r.effects } : {}
}

/** The cancel-replace's two results and the new order's client id or rejection, from its answer. */
function replaceOutcome(a: Answer): { cancel: string; place: string; clientId: string; msg: string } {
  const data = (a.ok ? a.result : a.data) ?? {}
  const response = (data['newOrderResponse'] ?? {}) as Record<string, unknown>
  return {
    cancel: String(data['cancelResult']),
    place: String(data['newOrderResult']),
    clientId: String(response['clientOrderId'] ?? ''),
    msg: String(response['msg'] ?? ''),
  }
}

/** Applies one command (to the model too, if any); returns the engine's effects to publish and any disagreement. */
function step(w: World, c: Command, now: number): { effects?: Effects; problem?: string } {
  const { ex, model, wire } = w
  wire.now = now
  switch (c.kind) {
    case 'place':
      return placeSingle(w, c.cmd, now)
    case 'cancel': {
      const orderId = pickOrder(ex, c.account, c.symbol, c.pick)
      const r = stateOf(ex).cancel(c.account, c.symbol, { orderId }, undefined, now)
      if (r.ok) reached.cancels++
      const m = model?.cancel(c.account, c.symbol, orderId) ?? r.ok
      if (r.ok !== m) return { problem: `cancel: engine ${r.ok}, model ${m}` }
      return r.ok ? { effects: r.effects } : {}
    }
    case 'amend': {
      const orderId = pickOrder(ex, c.account, c.symbol, c.pick)
      if (!model) {
        // Through the handler, which amends an OCO leg's partner too (docs/emulator-fidelity.md 3.9).
        const a = amendOrder(wire, ex, c.account, c.symbol, orderId, c.newQty)
        if (a.ok) reached.amends++
        if (!a.ok && a.status >= 500) return { problem: `amend answered ${a.code} ${a.msg}` }
        return {}
      }
      const r = stateOf(ex).amend(c.account, c.symbol, { orderId }, c.newQty, undefined, now)
      if (r.ok) reached.amends++
      const m = model.amend(c.account, c.symbol, orderId, c.newQty, r.ok ? r.order.clientOrderId : '')
      if (r.ok !== (m === undefined))
        return { problem: `amend: engine ${r.ok ? 'ok' : (r.msg ?? r.error)}, model ${m ?? 'ok'}` }
      return r.ok ? { effects: r.effects } : {}
    }
    case 'replace': {
      const orderId = pickOrder(ex, c.account, c.symbol, c.pick)
      const a = cancelReplace(wire, ex, c.mode, orderId, c.cmd)
      const got = replaceOutcome(a)
      reached.replaces++
      if (!a.ok && a.code === -2021) reached.replacesPartlyFailed++
      if (!a.ok && a.code === -2022) reached.replacesFailed++
      if (!a.ok && a.code !== -2021 && a.code !== -2022)
        return { problem: `cancel-replace answered ${a.code} ${a.msg}` }
      if (!model) return {}
      const canceled = model.cancel(c.account, c.symbol, orderId)
      const placed =
        canceled || c.mode === 'ALLOW_FAILURE'
          ? model.place({ ...c.cmd, tif: c.cmd.type === 'LIMIT' ? c.cmd.tif : 'GTC' }, got.clientId)
          : undefined
      const want = {
        cancel: canceled ? 'SUCCESS' : 'FAILURE',
        place: placed === undefined ? 'NOT_ATTEMPTED' : placed.ok ? 'SUCCESS' : 'FAILURE',
        msg: placed && !placed.ok ? placed.msg : '',
      }
      const mine = { cancel: got.cancel, place: got.place, msg: got.place === 'FAILURE' ? got.msg : '' }
      if (JSON.stringify(mine) !== JSON.stringify(want))
        return { problem: `cancel-replace ${JSON.stringify(mine)} vs model ${JSON.stringify(want)}` }
      return {}
    }
    case 'oco':
    case 'oto': {
      const a = c.kind === 'oco' ? placeOco(wire, ex, c) : placeOto(wire, ex, c)
      if (a.ok) reached[c.kind === 'oco' ? 'ocos' : 'otos']++
      else reached.listRejects++
      if (!a.ok && (a.status >= 500 || a.code === -1000))
        return { problem: `${c.kind} answered ${a.code} ${a.msg}` }
      return {}
    }
    case 'listCancel': {
      const a = cancelList(wire, ex, c.account, c.symbol, c.pick)
      if (a.ok) reached.listsCanceled++
      else if (a.code !== -2011) return { problem: `orderList.cancel answered ${a.code} ${a.msg}` }
      return {}
    }
  }
}

/** What the lists of a finished run reached. */
function countLists(ex: Exchange): void {
  for (const id of ACCOUNTS) {
    for (const list of stateOf(ex).lists.registry.all(id)) {
      if (list.kind === 'OCO') {
        if (list.legs.some((o) => o.isStop && o.isWorking)) reached.ocoStopsTriggered++
        if (list.legs.some((o) => !o.isStop && o.executedQty > 0)) reached.ocoLimitsFilled++
      } else if (list.pending.some((o) => o.isWorking)) reached.otosActivated++
    }
  }
}

/** Runs `cmds` on a fresh exchange (and model, unless `withModel` is false); throws at the first problem. */
export function run(cmds: readonly Command[], liquidity: boolean, withModel = true): void {
  const w = world(liquidity, withModel)
  let now = T0
  for (const [i, c] of cmds.entries()) {
    reached.steps++
    now += 1000
    const modelTrades = w.model?.trades.length ?? 0
    const { effects, problem } = step(w, c, now)
    if (effects) w.streams.publish(effects, now)
    const fills = w.records.newFills()
    reached.trades += new Set(fills.map((f) => `${f.symbol}#${f.tradeId}`)).size
    const problems = problem ? [problem] : []
    if (!problem && w.model) problems.push(...modelDifferences(w.ex, w.model, ACCOUNTS, fills, modelTrades))
    if (!problem) {
      const ids = [0, ...ACCOUNTS]
      const { registry } = stateOf(w.ex).lists
      problems.push(...invariantProblems(stateOf(w.ex).engine, w.ex.symbols.keys(), ids, w.totals, registry))
      problems.push(...w.records.check())
      problems.push(...openCountProblems(w.ex))
    }
    if (problems.length > 0) {
      throw new Error(`step ${i} ${JSON.stringify(c, bigints)}:\n  ${problems.slice(0, 8).join('\n  ')}`)
    }
  }
  const queried = tradeQueryProblems(w.wire, w.ex, ACCOUNTS)
  if (queried.length > 0)
    throw new Error(`trade queries after the run:\n  ${queried.slice(0, 8).join('\n  ')}`)
  reached.listEvents += w.records.reached.listEvents
  countLists(w.ex)
}

const bigints = (_: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)
