// A new data dir and its files are the emulator's user's only (0700, 0600): they hold the secrets of the accounts
// added while running. The lock (dir-lock.ts) is left out here.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exchangePerTest, T0 } from '../../support/exchange.js'
import { TempDirs } from '../../support/temp-dirs.js'

const dirs = new TempDirs()
afterEach(() => dirs.removeAll())
const exchange = exchangePerTest()

const mode = (path: string) => statSync(path).mode & 0o777

describe('a new data dir', () => {
  it('is made 0700 with its parents, and its files 0600', async () => {
    const parent = join(dirs.make('bsw-modes-'), 'venues')
    const dataDir = join(parent, 'data')
    const kit = await exchange({ clock: T0, accounts: [{ apiKey: 'a' }], liquidity: true, dataDir })
    await kit.ex.snapshot()
    const names = readdirSync(dataDir).filter((n) => n !== 'emulator.lock')
    expect(names).toEqual(
      expect.arrayContaining([
        'meta.json',
        'history.bin',
        expect.stringMatching(/^journal-/),
        expect.stringMatching(/^snapshot-/),
      ]),
    )
    expect([mode(parent), mode(dataDir)]).toEqual([0o700, 0o700])
    expect(Object.fromEntries(names.map((n) => [n, mode(join(dataDir, n))]))).toEqual(
      Object.fromEntries(names.map((n) => [n, 0o600])),
    )
  })
})
