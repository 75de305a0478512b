// A data dir path that cannot be a folder is refused with the real reason (not Node's recursive mkdir's EEXIST or
// ENOENT), and a folder holding only meta.json is refused: the first segment is made before it, so its journal was
// deleted.
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

  it('holding only meta.json is refused: a start makes the first segment before it, so the journal was deleted', async () => {
    const dataDir = dirs.make('bsw-meta-only-')
    const first = await exchange(options(dataDir))
    await first.ex.close()
    for (const name of readdirSync(dataDir)) if (name !== 'meta.json') rmSync(join(dataDir, name))
    const segment = join(dataDir, 'journal-000000000000.log')
    const start = startExchange(options(dataDir))
    await expect(start).rejects.toThrow(DataDirError)
    await expect(start).rejects.toThrow(`${segment} is missing: the journal went on there`)
  })
})
