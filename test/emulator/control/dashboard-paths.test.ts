// The dashboard's folders answer when named without their trailing slash: `/ui` and `/ui/example` redirect to
// `/ui/` and `/ui/example/` (query kept), so that a typed address works and the pages' relative links resolve.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../../../src/emulator/index.js'

let folder: string
let ex: Emulator
let origin: string
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bsw-ui-'))
  mkdirSync(join(folder, 'example'))
  writeFileSync(join(folder, 'index.html'), '<p>dashboard</p>')
  writeFileSync(join(folder, 'example', 'index.html'), '<p>example</p>')
  ex = await startEmulator({ ui: true, uiFiles: folder, liquidity: false })
  origin = `http://127.0.0.1:${ex.port}`
})
afterAll(async () => {
  await ex?.close()
  rmSync(folder, { recursive: true, force: true })
})

const get = async (path: string) => {
  const res = await fetch(`${origin}${path}`, { redirect: 'manual' })
  return [res.status, res.headers.get('location'), await res.text()]
}

describe('the dashboard folders without their slash', () => {
  it('redirect /ui and /ui/example to the folder, keeping the query', async () => {
    expect(await get('/ui')).toEqual([301, '/ui/', ''])
    expect(await get('/ui?x=1')).toEqual([301, '/ui/?x=1', ''])
    expect(await get('/ui/example')).toEqual([301, '/ui/example/', ''])
  })

  it('serve the pages at the folders, and nothing at a path that only begins like one', async () => {
    expect(await get('/ui/')).toEqual([200, null, '<p>dashboard</p>'])
    expect(await get('/ui/example/')).toEqual([200, null, '<p>example</p>'])
    expect((await get('/uix'))[0]).toBe(404)
    expect((await get('/ui/other'))[0]).toBe(404)
  })
})
