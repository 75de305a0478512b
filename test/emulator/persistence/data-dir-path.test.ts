// A data dir path that cannot be a folder is refused with the real reason (not Node's recursive mkdir's EEXIST or
// ENOENT), and a folder holding only meta.json (a first start cut short) starts as a new data dir.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirError } from '../../../src/emulator/index.js'
import { exchangePerTest, startExchange, T0 } from '../../support/exchange.js'
import { TempDirs } from '../../support/temp-dirs.js'

const dirs = new TempDirs()
afterEach(() => dirs.removeAll())
const exchange = exchangePerTest()

const options = (dataDir: string) => ({ clock: T0, accounts: [{ apiKey: 'a' }], liquidity: false, dataDir })

describe('the data dir path', () => {
  it('is refused as a file, not a folder, when it or a parent is a file', async () => {
    const file = join(dirs.make('bsw-path-'), 'plain')
    writeFileSync(file, 'x')
    for (const dataDir of [file, join(file, 'sub', 'data')]) {
      const start = startExchange(options(dataDir))
      await expect(start).rejects.toThrow(DataDirError)
      await expect(start).rejects.toThrow(
        `the data dir ${dataDir} cannot be used: ${file} is a file, not a folder`,
      )
    }
  })

  it('holding only meta.json is a new data dir whose first start was cut short: it starts empty', async () => {
    const dataDir = dirs.make('bsw-meta-only-')
    const first = await exchange(options(dataDir))
    await first.ex.close()
    // What a crash between meta.json and the first journal segment leaves.
    for (const name of ['journal-000000000000.log', 'snapshot-000000000000.snap'])
      rmSync(join(dataDir, name), { force: true })
    expect(readdirSync(dataDir).sort()).toEqual(['history.bin', 'meta.json'])
    const again = await exchange(options(dataDir))
    expect(again.ex.storage()).toMatchObject({ records: 0, recovered: { snapshotRecords: 0, replayed: 0 } })
  })
})
