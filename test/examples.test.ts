// Every script in examples/ compiles (its imports resolved to this package by name) and runs to exit 0 against its own
// emulator; so does the README's client quickstart, against an emulator as its text says to start.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, type CliBuild, root, startCli } from './support/cli-process.js'
import { startExchange } from './support/exchange.js'
import { ED25519 } from './support/keys.js'

/** What each example must print: one line per method group it shows. */
const EXPECTED: Record<string, RegExp[]> = {
  general: [
    /^ping: ok$/m,
    /^server time: \d{4}-/m,
    /^BTCUSDT: BTC\/USDT, TRADING/m,
    /^request weight used: \d+$/m,
  ],
  'market-data': [
    /^best bid: \[/m,
    /^trade \d+: /m,
    /^last 1m kline/m,
    /^average price over \d+ min/m,
    /^ticker\.book:/m,
  ],
  trading: [
    /^order\.test: the order would be accepted$/m,
    /^LIMIT \d+ \(\S+\): NEW$/m,
    /^cancelled \d+: CANCELED$/m,
    /^MARKET \d+: FILLED, /m,
    /^ {2}fill /m,
    /^rejected as expected: -2010 Account has insufficient balance for requested action\.$/m,
  ],
  'order-lists': [
    /^OCO \d+ \(\S+\): EXEC_STARTED EXECUTING$/m,
    /^orderList\.status: EXECUTING$/m,
    /^cancelled: ALL_DONE ALL_DONE$/m,
  ],
  account: [
    /^USDT: free \d/m,
    /^order \d+: NEW, /m,
    /^open orders: \[ \d+ \]$/m,
    /^my trade \d+: /m,
    /^orders this \d+ /m,
  ],
  'user-data-stream': [
    /^subscribed, subscriptionId \d+$/m,
    /^executionReport: TRADE FILLED/m,
    /^balances now: /m,
    /^unsubscribed$/m,
  ],
  session: [
    /^before logon, apiKey: (null|undefined)$/m,
    /^logged on as my-ed25519-key since /m,
    /^balances: USDT 1000/m,
    /^after logout, apiKey: (null|undefined)$/m,
  ],
}

const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort()

let build: CliBuild
beforeAll(() => {
  build = buildCli()
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  try {
    execFileSync(process.execPath, [tsc, '-p', 'examples/tsconfig.json', '--outDir', build.work], {
      cwd: root,
      stdio: 'pipe',
    })
  } catch (err) {
    // Type errors in src/ are the typecheck's business; those in examples/ fail here.
    const out = String((err as { stdout?: Buffer }).stdout ?? err)
    const mine = out.split('\n').filter((l) => l.startsWith('examples/'))
    if (mine.length) throw new Error(`examples do not compile:\n${mine.join('\n')}`)
  }
}, 180_000)
afterAll(() => build?.remove())

describe('examples', () => {
  it('has one example per method group, each with expectations', () => {
    expect(examples).toEqual(Object.keys(EXPECTED).sort())
  })

  it("the README's client quickstart runs as written, as a .mjs file (its emulator's URL and key file put in)", async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const block = /^## Client quickstart\n[\s\S]*?^```js\n([\s\S]*?)^```$/m.exec(readme)?.[1]
    if (!block) throw new Error('README.md has no ```js block under "## Client quickstart"')
    const kit = await startExchange({ liquidity: true, accounts: [{ apiKey: 'quickstart' }] })
    try {
      const pem = join(build.work, 'ed25519-private.pem')
      writeFileSync(pem, ED25519.privateKeyPem)
      const source = block
        .replace("'ws://127.0.0.1:8090/ws-api/v3'", JSON.stringify(kit.ex.url))
        .replace("'ed25519-private.pem'", JSON.stringify(pem))
      expect(source).not.toBe(block)
      // Next to the compiled examples: `binance-spot-ws` resolves to this package the same way.
      // As the README says to run it: a .mjs file, no compiler (it once held TypeScript and failed so).
      const file = join(build.work, 'examples', 'readme-quickstart.mjs')
      writeFileSync(file, source)
      const run = await startCli(file, [], { BINANCE_API_KEY: 'quickstart' }).done
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^BTCUSDT TRADE FILLED 0\.00100000 \d+\.\d+$/m)
      expect(run.stdout).toMatch(/^\d+ FILLED (\[|\{)/m)
    } finally {
      await kit.close()
    }
  })

  it.each(examples)('%s runs and exits 0', async (name) => {
    const run = await startCli(join(build.work, 'examples', `${name}.js`), []).done
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    for (const line of EXPECTED[name] ?? []) expect(run.stdout).toMatch(line)
  })
})
