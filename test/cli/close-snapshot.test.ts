// `emulator --data-dir`: a close whose final snapshot cannot be written exits 3 (not 0, "closed cleanly"), saying
// the journal holds everything; the next start replays it.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snapshotName } from '../../src/emulator/api/persistence/snapshot-file.js'
import { buildCli, type CliBuild, serveEmulator, startCli, stopProcess } from '../support/cli-process.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

describe('emulator --data-dir, closed', () => {
  it('exits 3 when the final snapshot cannot be written, and the journal still holds everything', async () => {
    const data = join(build.work, 'close-data')
    const ex = await serveEmulator(build.main, ['--port', '0', '--no-liquidity', '--data-dir', data])
    try {
      const http = ex.url.replace(/^ws:/, 'http:').replace(/\/ws-api\/v3$/, '')
      const storage = (await (await fetch(`${http}/control/storage`)).json()) as {
        result: { records: number }
      }
      // The final snapshot's temporary file cannot be made: a folder has its name.
      const blocker = join(data, `${snapshotName(storage.result.records)}.tmp`)
      mkdirSync(join(blocker, 'inside'), { recursive: true })
      ex.proc.kill('SIGTERM')
      const r = await ex.done
      expect(r.stderr).toMatch(/a snapshot could not be written/)
      expect(r.stderr).toContain('error: the final snapshot could not be written')
      expect(r.stderr).toContain('the journal holds everything: the next start replays it')
      expect(r.code).toBe(3)
      rmSync(blocker, { recursive: true })
      const check = await startCli(build.main, ['emulator', '--check', '--no-liquidity', '--data-dir', data])
        .done
      expect(check.code).toBe(0)
      expect(check.stdout).toContain(`${data}: readable`)
    } finally {
      stopProcess(ex)
    }
  }, 60_000)
})
