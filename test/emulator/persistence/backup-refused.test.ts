// A backup whose folder cannot be made, or whose copy fails: refused at once naming `to`, leaving nothing it made
// (a retry to the same path works), and the emulator's later snapshots and close go on.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { backupOverHttp } from '../../support/control-call.js'
import { exchangePerTest, T0 } from '../../support/exchange.js'
import { fileHandlePrototype } from '../../support/file-handle.js'
import { TempDirs } from '../../support/temp-dirs.js'
import { within } from './child-processes.js'

const dirs = new TempDirs()
afterEach(() => dirs.removeAll())
const exchange = exchangePerTest()
afterEach(() => vi.restoreAllMocks())

const start = (dataDir: string) =>
  exchange({ clock: T0, accounts: [{ apiKey: 'a' }], liquidity: false, control: true, dataDir })

describe('a backup that cannot be written', () => {
  it('is refused naming `to` when a parent is a file, or under /proc; snapshots and the close go on', async () => {
    const kit = await start(dirs.make('bsw-data-'))
    const file = join(dirs.make('bsw-plain-'), 'plain')
    writeFileSync(file, 'x')
    const under = join(file, 'sub', 'bk')
    expect(await within(backupOverHttp(kit, under), 10_000, 'the backup under a file')).toEqual({
      status: 400,
      body: {
        error: { code: 'REJECTED', msg: `backup: ${under} cannot be used: ${file} is a file, not a folder` },
      },
    })
    // Linux only: Node 20's recursive mkdir loops for ever under /proc (the answer never came).
    if (existsSync('/proc')) {
      const proc = '/proc/bsw-backup-test'
      const refused = await within(backupOverHttp(kit, proc), 10_000, 'the backup under /proc')
      expect(refused.status).toBe(400)
      expect(refused.body.error?.msg).toMatch(/^backup: \/proc\/bsw-backup-test cannot be used: /)
    }
    expect(await within(kit.ex.snapshot(), 10_000, 'a snapshot after it')).toBeDefined()
    await within(kit.ex.close(), 10_000, 'the close')
  })

  it('leaves no folder it made when the copy fails: a retry to the same path works', async () => {
    const dataDir = dirs.make('bsw-data-')
    const kit = await start(dataDir)
    const parent = dirs.make('bsw-backups-')
    const to = join(parent, 'new', 'bk')
    const proto = await fileHandlePrototype(dataDir)
    vi.spyOn(proto, 'datasync').mockRejectedValueOnce(
      Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' }),
    )
    const failed = await backupOverHttp(kit, to)
    expect(failed.status).toBe(400)
    expect(failed.body.error?.msg).toMatch(/ENOSPC/)
    expect(readdirSync(parent)).toEqual([])
    // Into a folder that was there: the files copied are removed, the folder stays.
    const empty = dirs.make('bsw-empty-')
    vi.spyOn(proto, 'datasync').mockRejectedValueOnce(new Error('ENOSPC: no space left'))
    expect((await backupOverHttp(kit, empty)).status).toBe(400)
    expect(readdirSync(empty)).toEqual([])
    vi.restoreAllMocks()
    expect((await backupOverHttp(kit, to)).status).toBe(200)
    expect(readdirSync(to).sort()).toEqual([
      'history.bin',
      expect.stringMatching(/^journal-/),
      'meta.json',
      expect.stringMatching(/^snapshot-/),
    ])
  })
})
