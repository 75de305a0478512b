// Accounts, keys and symbols added while the exchange runs, and the reset to the configuration's initial state.
import type { CommandOf } from './commands.js'
import type { BytesCodec } from './snapshot/graph-format.js'
import { GraphReader } from './snapshot/graph-reader.js'
import { writeGraph } from './snapshot/graph-writer.js'
import { SNAPSHOT_CLASSES } from './snapshot/snapshot-classes.js'
import { ExchangeState } from './state.js'

/** Opens an account; its API key must be new. Returns its id. */
export function addAccount(state: ExchangeState, cmd: CommandOf<'addAccount'>, now: number): number {
  if (state.account(cmd.account.apiKey)) throw new RangeError(`apiKey: ${cmd.account.apiKey} is taken`)
  return state.addAccount(cmd.account, now).id
}

/** Gives an account one more API key; the key must be new. */
export function addKey(state: ExchangeState, cmd: CommandOf<'addKey'>): undefined {
  if (state.account(cmd.key.apiKey)) throw new RangeError(`apiKey: ${cmd.key.apiKey} is taken`)
  state.addKey(cmd.accountId, cmd.key)
  return undefined
}

/** Deletes an API key; the account's last key cannot go. */
export function removeKey(state: ExchangeState, cmd: CommandOf<'removeKey'>): undefined {
  state.removeKey(cmd.apiKey)
  return undefined
}

/** Changes a key's permissions or IP whitelist. */
export function updateKey(state: ExchangeState, cmd: CommandOf<'updateKey'>): undefined {
  state.updateKey(cmd.apiKey, cmd)
  return undefined
}

/** Lists a symbol (its name must be new); the synthetic liquidity, if any, quotes it at once. */
export function addSymbol(state: ExchangeState, cmd: CommandOf<'addSymbol'>, now: number): undefined {
  state.addSymbol(cmd.symbol, now)
  return undefined
}

/**
 * The objects a snapshot leaves out (`!k`): the configuration and the options of every account and key, which hold
 * secrets (an account's first key may have been removed: its options are still the account's).
 */
export function keptObjects(state: ExchangeState): Set<object> {
  const { config } = state
  const options = [...state.accounts, ...state.keys()].map((a) => a.options)
  return new Set<object>([config, ...config.accounts, ...options])
}

/** Bytes as text for a graph that never leaves memory. */
const LATIN1: BytesCodec = {
  encode: (bytes) => String.fromCharCode(...bytes),
  decode: (text) => Uint8Array.from(text, (c) => c.charCodeAt(0)),
}

/**
 * Puts `state` back as the configuration makes it, opening at `now`: the accounts and symbols added while running
 * are gone.
 * The state is refilled in place (its objects stay the ones the other layers hold), from a fresh state's graph.
 */
export function resetState(state: ExchangeState, now: number): undefined {
  const fresh = new ExchangeState({ ...state.config, startTime: now })
  const reader = new GraphReader(state, SNAPSHOT_CLASSES, LATIN1)
  writeGraph(fresh, SNAPSHOT_CLASSES, LATIN1, (line) => reader.line(line), keptObjects(fresh))
  reader.finish()
  return undefined
}
