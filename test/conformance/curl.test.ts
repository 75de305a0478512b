// The README's "Any language: curl" block, run exactly as written with bash, curl and openssl against an emulator on
// 127.0.0.1, port 0; what it prints is checked against what the emulator holds, read with our own client.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import type { WebsocketAPIConnection } from '../../src/client/index.js'
import { perFile, startExchange } from '../support/exchange.js'
import { HMAC_SECRET } from '../support/keys.js'

const run = promisify(execFile)
const root = join(import.meta.dirname, '../..')
const API_KEY = 'curl-hmac'

/** The shell block under the README's "Any language: curl" heading. */
function readmeBlock(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const block = /^### Any language: curl\n[\s\S]*?^```sh\n([\s\S]*?)^```$/m.exec(readme)?.[1]
  if (!block) throw new Error('README.md has no ```sh block under "### Any language: curl"')
  return block
}

/** The tools the block needs, or a clear failure naming the missing ones. */
async function requireTools(): Promise<void> {
  const { stdout } = await run('bash', [
    '-c',
    'for t in curl openssl; do command -v "$t" >/dev/null || echo "$t"; done',
  ])
  const missing = stdout.split('\n').filter(Boolean)
  if (missing.length) throw new Error(`the README's curl example needs ${missing.join(' and ')} on PATH`)
}

/** One line the block printed: Binance's JSON answer, or a failure that quotes what came instead. */
function answer(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    throw new Error(`the README's curl block printed a line that is not a JSON answer: ${line}`)
  }
}

const kit = perFile(() =>
  startExchange({
    liquidity: true,
    accounts: [{ apiKey: API_KEY, key: 'hmac', balances: { USDT: '100000', BTC: '2' } }],
  }),
)

describe('README: the curl example (place and cancel a LIMIT order over REST, signed with openssl)', () => {
  let ours: WebsocketAPIConnection
  let answers: Record<string, unknown>[]
  beforeAll(async () => {
    await requireTools()
    ours = await kit.connect(API_KEY)
    const env = {
      PATH: process.env['PATH'] ?? '',
      BASE: `http://${kit.ex.host}:${kit.ex.port}`,
      BINANCE_API_KEY: API_KEY,
      BINANCE_API_SECRET: HMAC_SECRET,
    }
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', readmeBlock()], { env, timeout: 10_000 })
    answers = stdout.split('\n').filter(Boolean).map(answer)
  })

  it('prints two answers: the order placed, then canceled', () => {
    expect(answers).toHaveLength(2)
  })

  it('the first is the order, resting: the one order.status finds by its id', async () => {
    expect(answers[0]).toMatchObject({ symbol: 'BTCUSDT', clientOrderId: 'curl-1', status: 'NEW' })
    const held = (await ours.orderStatus({ symbol: 'BTCUSDT', orderId: Number(answers[0]?.['orderId']) }))
      .data
    expect(answers[0]).toMatchObject({ type: 'LIMIT', side: 'BUY', price: held.price, origQty: held.origQty })
    expect(held).toMatchObject({ price: '50000.00000000', origQty: '0.00100000' })
  })

  it('the second is its cancel; the emulator holds it CANCELED and the quote unlocked', async () => {
    const orderId = Number(answers[0]?.['orderId'])
    expect(answers[1]).toMatchObject({ orderId, origClientOrderId: 'curl-1', status: 'CANCELED' })
    expect((await ours.orderStatus({ symbol: 'BTCUSDT', orderId })).data.status).toBe('CANCELED')
    const usdt = (await ours.accountStatus()).data.balances.find((b) => b.asset === 'USDT')
    expect(usdt).toMatchObject({ free: '100000.00000000', locked: '0.00000000' })
  })
})
