// The open-order counts the books keep as orders open and close (what MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS,
// MAX_NUM_ICEBERG_ORDERS and MAX_NUM_ORDER_LISTS read) equal a recount after every step of random sequences of
// the persistence workload (limits, icebergs, stops, OCO lists, markets, cancels, cancel-all, amends), and after
// the state is read from a snapshot into a fresh exchange. FUZZ_SEED / FUZZ_SCALE as for fuzz.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BytesCodec } from '../../src/emulator/exchange/snapshot/graph-format.js'
import { runWorkload } from '../emulator/persistence/workload.js'
import { fuzzParams } from '../fuzz/arbitraries.js'
import { harness } from '../support/dispatch-harness.js'
import { openCountProblems } from './open-count-problems.js'

const codec: BytesCodec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => Buffer.from(text, 'base64'),
}

const TIMEOUT = 60_000 * Math.max(1, Number(process.env['FUZZ_SCALE'] ?? 1))

describe('invariants: the kept open-order counts', () => {
  it(
    'equal a recount after every step and after a snapshot round trip',
    () => {
      const most = { orders: 0, algoOrders: 0, icebergOrders: 0, orderLists: 0 }
      const seen = (kept: typeof most) => {
        for (const key of Object.keys(most) as (keyof typeof most)[])
          most[key] = Math.max(most[key], kept[key])
      }
      const { seed, numRuns } = fuzzParams(40)
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 80 }), (steps) => {
          const a = harness()
          const c = a.connect()
          for (const [i, step] of steps.entries()) {
            runWorkload(a, c, step, 1)
            const problems = openCountProblems(a.exchange, seen)
            if (problems.length > 0) throw new Error(`step ${i}:\n  ${problems.join('\n  ')}`)
          }
          const lines: string[] = []
          a.exchange.writeSnapshot(codec, (line) => lines.push(line))
          const b = harness()
          const reader = b.exchange.readSnapshot(codec)
          for (const line of lines) reader.line(line)
          reader.finish()
          expect(openCountProblems(b.exchange)).toEqual([])
          expect(openCountProblems(b.exchange)).toEqual(openCountProblems(a.exchange))
        }),
        { seed, numRuns },
      )
      for (const [key, n] of Object.entries(most)) expect(n, `no open ${key} reached`).toBeGreaterThan(0)
    },
    TIMEOUT,
  )
})
