// `npm run load:memory` (issue 16, point 4): what the emulator keeps per command. The journal load's traffic
// (journal-traffic.ts) against an in-process emulator with a data dir, for MEMORY_SECONDS (default 180) on
// MEMORY_CONNECTIONS (default 100); every MEMORY_SAMPLE_S (30) the heap after two full collections, array buffers
// and RSS; the process CPU per command. With MEMORY_SNAPSHOTS=1 a heap snapshot after the first sample and one at the
// end, counted by constructor and diffed: the bytes each kind of object grew by per acknowledged command. The traffic
// runs in this process too; its own state is bounded (one latency number per request). Prints JSON;
// docs/reliability.md records the figures.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import { censusGrowth, heapCensus } from './heap-census.js'
import { journalSeats, runJournalTraffic } from './journal-traffic.js'
import { heapAfterGc } from './load-kit.js'

const CONNECTIONS = Number(process.env['MEMORY_CONNECTIONS'] ?? 100)
const SECONDS = Number(process.env['MEMORY_SECONDS'] ?? 180)
const SAMPLE_S = Number(process.env['MEMORY_SAMPLE_S'] ?? 30)
const SNAPSHOTS = process.env['MEMORY_SNAPSHOTS'] === '1'

const work = mkdtempSync(join(tmpdir(), 'bsw-memory-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Sample {
  readonly s: number
  readonly changes: number
  readonly heapMiB: number
  /** Typed-array and Buffer memory outside the heap. */
  readonly arrayBuffersMiB: number
  readonly rssMiB: number
}

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places

describe(`memory: ${CONNECTIONS} connections for ${SECONDS} s, data dir on`, () => {
  it(
    'keeps a bounded number of bytes per command',
    async () => {
      const { seats, accounts } = journalSeats(CONNECTIONS)
      const ex = await startEmulator({
        port: 0,
        dataDir: join(work, 'data'),
        accounts: accounts as never,
      })
      const base = ex.url.replace('ws://', 'http://').replace(/\/ws-api\/v3$/, '')
      let changes = 0
      const stop = new AbortController()
      const traffic = runJournalTraffic(ex.url, base, seats, {
        seconds: SECONDS,
        paceMs: 100,
        stop: stop.signal,
        onAck: () => changes++,
      })
      const samples: Sample[] = []
      const cpu = process.cpuUsage()
      const started = performance.now()
      const snapshots: string[] = []
      const snapChanges: number[] = []
      const sample = () => {
        const heapMiB = heapAfterGc()
        const memory = process.memoryUsage()
        const s = round((performance.now() - started) / 1000, 0)
        samples.push({
          s,
          changes,
          heapMiB: round(heapMiB),
          arrayBuffersMiB: round(memory.arrayBuffers / 2 ** 20),
          rssMiB: round(memory.rss / 2 ** 20),
        })
        if (SNAPSHOTS && (samples.length === 1 || stop.signal.aborted)) {
          snapshots.push(writeHeapSnapshot(join(work, `heap-${samples.length}.heapsnapshot`)))
          snapChanges.push(changes)
        }
      }
      const timer = setInterval(sample, SAMPLE_S * 1000)
      const report = await traffic
      clearInterval(timer)
      stop.abort()
      const used = process.cpuUsage(cpu)
      sample()
      await ex.close()
      const first = samples[0] as Sample
      const last = samples.at(-1) as Sample
      const per = (from: number, to: number) =>
        round(((to - from) * 2 ** 20) / (last.changes - first.changes))
      const growth =
        snapshots.length === 2
          ? censusGrowth(
              heapCensus(snapshots[0] as string),
              heapCensus(snapshots[1] as string),
              (snapChanges[1] as number) - (snapChanges[0] as number),
            )
          : []
      console.log(
        JSON.stringify(
          {
            connections: CONNECTIONS,
            seconds: SECONDS,
            byMethod: report.byMethod,
            unexpected: report.unexpected,
            samples,
            heapBytesPerCommand: per(first.heapMiB, last.heapMiB),
            arrayBufferBytesPerCommand: per(first.arrayBuffersMiB, last.arrayBuffersMiB),
            rssBytesPerCommand: per(first.rssMiB, last.rssMiB),
            // Emulator and traffic together (one process): compare runs, not absolute figures.
            cpuMicrosPerCommand: round((used.user + used.system) / last.changes),
            growthPerCommand: growth,
          },
          null,
          1,
        ),
      )
      expect(report.unexpected).toEqual({})
    },
    (SECONDS + 300) * 1000,
  )
})
