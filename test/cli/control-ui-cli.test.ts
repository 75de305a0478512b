// `binance-spot-ws emulator` as a real process, built as the package is (tsc, then the dashboard into dist/ui/):
// the dashboard is served by default, the control API only with --control, its token from an environment variable.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, type CliBuild, root, startCli, stopProcess } from '../support/cli-process.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
  execFileSync(process.execPath, [join(root, 'scripts', 'dashboard.mjs'), join(build.work, 'dist', 'ui')])
}, 120_000)
afterAll(() => build?.remove())

const TOKEN = 'cli-token-5be1f07a'
const READ_TOKEN = 'cli-read-token-77d2'

/** Starts the emulator and waits for its banner; the origin it serves HTTP on. */
async function serve(args: readonly string[], env: Record<string, string> = {}) {
  const p = startCli(build.main, ['emulator', '--port', '0', ...args], env, 60_000)
  const [, origin = ''] = await p.waitFor(/listening on ws:\/\/([^/\s]+)\//)
  await p.waitFor(/Press Ctrl-C to stop\./)
  return Object.assign(p, { origin: `http://${origin}` })
}

describe('emulator: dashboard and control flags', () => {
  it('serves the built dashboard by default and /control/ with --control, behind the token', async () => {
    const p = await serve(
      ['--control', '--control-token-env', 'BSW_TEST_TOKEN', '--control-read-token-env', 'BSW_READ_TOKEN'],
      { BSW_TEST_TOKEN: TOKEN, BSW_READ_TOKEN: READ_TOKEN },
    )
    try {
      expect(p.out.stdout).toContain(`dashboard on ${p.origin}/ui/`)
      expect(p.out.stdout).toContain(`control API on ${p.origin}/control/`)
      const page = await fetch(`${p.origin}/ui/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<script type="module" src="app.js"></script>')
      const script = await fetch(`${p.origin}/ui/app.js`)
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
      expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(50_000)
      const without = await fetch(`${p.origin}/control/clock/now`)
      expect(without.status).toBe(401)
      await without.body?.cancel()
      const advanced = await fetch(`${p.origin}/control/clock/advance`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: '{"ms":1000}',
      })
      expect(await advanced.json()).toEqual({ result: null })
      await p.waitFor(/control: clock\/advance \{"ms":1000\} from 127\.0\.0\.1\n/)
      const watch = { authorization: `Bearer ${READ_TOKEN}` }
      const read = await fetch(`${p.origin}/control/clock/now`, { headers: watch })
      expect(read.status).toBe(200)
      await read.body?.cancel()
      const refused = await fetch(`${p.origin}/control/clock/advance`, {
        method: 'POST',
        headers: watch,
        body: '{}',
      })
      expect(await refused.json()).toMatchObject({ error: { code: 'READ_ONLY' } })
      expect(p.out.stdout + p.out.stderr).not.toContain(TOKEN)
      expect(p.out.stdout + p.out.stderr).not.toContain(READ_TOKEN)
    } finally {
      stopProcess(p)
    }
  })

  it('--log json: every change over /control/ is a "control" record on stdout, without its secrets', async () => {
    const p = startCli(build.main, ['emulator', '--port', '0', '--control', '--log', 'json'], {}, 60_000)
    try {
      const [, rest = ''] = await p.waitFor(/"rest":"(http:[^"]+)"/)
      const post = async (route: string, body: object) =>
        (await fetch(`${rest}/control/${route}`, { method: 'POST', body: JSON.stringify(body) })).json()
      const secret = 'audit-secret-93c1'
      await post('addAccount', { apiKey: 'team-a', hmacSecret: secret, balances: { USDT: '10' } })
      await post('addKey', { account: 'team-a', apiKey: 'team-a2', hmacSecret: `${secret}-2` })
      expect(await post('removeKey', { apiKey: 'team-a' })).toEqual({
        result: { sessions: 0, subscriptions: 0 },
      })
      expect(await post('removeKey', { apiKey: 'team-a' })).toMatchObject({ error: { code: 'REJECTED' } })
      await (await fetch(`${rest}/control/accounts`)).json()
      await p.waitFor(/"route":"removeKey"/)
      const records = p.out.stdout
        .split('\n')
        .filter((line) => line.includes('"type":"control"'))
        .map((line) => JSON.parse(line) as { time: number; route: string; peer: string; params: object })
      expect(records.map(({ time: _, ...r }) => r)).toEqual([
        {
          type: 'control',
          route: 'addAccount',
          peer: '127.0.0.1',
          params: { apiKey: 'team-a', hmacSecret: '<secret>', balances: { USDT: '10' } },
        },
        {
          type: 'control',
          route: 'addKey',
          peer: '127.0.0.1',
          params: { account: 'team-a', apiKey: 'team-a2', hmacSecret: '<secret>' },
        },
        { type: 'control', route: 'removeKey', peer: '127.0.0.1', params: { apiKey: 'team-a' } },
      ])
      expect(records.every((r) => Math.abs(r.time - Date.now()) < 60_000)).toBe(true)
      expect(p.out.stdout + p.out.stderr).not.toContain(secret)
    } finally {
      stopProcess(p)
    }
  })

  it('--no-ui and no --control: neither /ui/ nor /control/ is served', async () => {
    const p = await serve(['--no-ui'])
    try {
      expect(p.out.stdout).not.toContain('dashboard on')
      expect(p.out.stdout).not.toContain('control API on')
      for (const path of ['/ui/', '/control/clock/now']) {
        const res = await fetch(`${p.origin}${path}`)
        expect(res.status).toBe(404)
        await res.body?.cancel()
      }
    } finally {
      stopProcess(p)
    }
  })

  it('the dashboard without --control shows the state but refuses changes', async () => {
    const p = await serve([])
    try {
      const now = await fetch(`${p.origin}/control/clock/now`)
      expect(now.status).toBe(200)
      await now.body?.cancel()
      const deposit = await fetch(`${p.origin}/control/clock/advance`, { method: 'POST', body: '{"ms":1}' })
      expect(deposit.status).toBe(403)
      expect(await deposit.json()).toMatchObject({ error: { code: 'CONTROL_DISABLED' } })
    } finally {
      stopProcess(p)
    }
  })

  it('a token variable that is not set, or a read token alone, is a usage error naming it', async () => {
    const r = await startCli(build.main, [
      'emulator',
      '--port',
      '0',
      '--control',
      '--control-token-env',
      'BSW_UNSET',
    ]).done
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--control-token-env: the environment variable BSW_UNSET is not set')
    const alone = await startCli(
      build.main,
      ['emulator', '--port', '0', '--control', '--control-read-token-env', 'BSW_READ_TOKEN'],
      { BSW_READ_TOKEN: READ_TOKEN },
    ).done
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain('--control-read-token-env needs --control-token-env')
  })

  it('exits 2 naming the file and path of an apiKey twice or a read token alone, and a --control-allow that is no address', async () => {
    const account = { apiKey: 'k1', hmacSecret: 's1' }
    const configs: [object, string][] = [
      [{ accounts: [account, account] }, 'accounts[1].apiKey: k1 is taken by accounts[0]'],
      [{ controlReadToken: READ_TOKEN }, 'controlReadToken: needs controlToken'],
    ]
    for (const [config, message] of configs) {
      const file = join(build.work, 'refused.json')
      writeFileSync(file, JSON.stringify(config))
      const r = await startCli(build.main, ['emulator', '--port', '0', '--config', file]).done
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`binance-spot-ws emulator: ${file}: ${message}`)
    }
    const allow = await startCli(build.main, [
      'emulator',
      '--port',
      '0',
      '--control-allow',
      'not an address!',
    ]).done
    expect(allow.code).toBe(2)
    expect(allow.stderr).toContain("controlAllow[0]: must be a peer's IP address, a host name or '*'")
  })
})
