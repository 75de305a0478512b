// The curl examples of docs/emulator-control.md "Over HTTP", run with curl against a live emulator: each command
// prints (a superset of) the JSON the document shows under it.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../../../src/emulator/index.js'

const run = promisify(execFile)
const DOC = readFileSync(new URL('../../../docs/emulator-control.md', import.meta.url), 'utf8')
const section = DOC.slice(DOC.indexOf('## Over HTTP'))

/** Each `curl …` line of the section's sh blocks followed by a `# → <json>` line. */
const examples = [...section.matchAll(/^(curl .+)\n# → (.+)$/gm)].map(([, command = '', output = '']) => ({
  command,
  expected: JSON.parse(output) as unknown,
}))

let ex: Emulator

beforeAll(async () => {
  ex = await startEmulator({
    port: 0,
    control: true,
    now: () => 1_700_000_000_000,
    accounts: [{ apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '1000' } }],
  })
})

afterAll(() => ex?.close())

describe('docs/emulator-control.md: the curl examples', () => {
  it('finds them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10)
  })

  it('prints what the document shows, in order', async () => {
    for (const { command, expected } of examples) {
      const live = command.replaceAll('localhost:8090', `127.0.0.1:${ex.port}`)
      const { stdout } = await run('sh', ['-c', live], { timeout: 10_000 })
      expect({ command, answer: JSON.parse(stdout) }).toMatchObject({ command, answer: expected })
    }
  })
})
