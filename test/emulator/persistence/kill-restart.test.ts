// The emulator as a process with a data dir: killed with SIGKILL in the middle of a load of orders and started
// again, it has every order that got a response (id, status, fills) and balances that add up exactly; SIGTERM
// closes it with a final snapshot and exit 0 within the bound; an unusable data dir exits with code 3. A journal
// writer killed while it writes zeros ahead of its records leaves a segment that reads back whole.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpotWebsocketAPI, type WebsocketAPIConnection } from '../../../src/client/index.js'
import { segmentName } from '../../../src/emulator/api/persistence/journal-writer.js'
import { scanSegment } from '../../../src/emulator/api/persistence/record-codec.js'
import { snapshotName } from '../../../src/emulator/api/persistence/snapshot-file.js'
import { buildCli, type CliBuild, serveEmulator, startCli, stopProcess } from '../../support/cli-process.js'
import { ED25519, OTHER_ED25519 } from '../../support/keys.js'
import { RESTING_SYMBOL, writeRestingOrders } from './resting-orders-journal.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

const INITIAL = { USDT: '1000000', BTC: '100' }
const KEYS = { a: ED25519, b: OTHER_ED25519 } as const

/** A config file with two Ed25519 accounts and no synthetic liquidity: every trade is between them. */
function configFile(name: string): string {
  const file = join(build.work, `${name}.json`)
  const accounts = Object.entries(KEYS).map(([apiKey, k]) => ({
    apiKey,
    publicKey: k.publicKeyPem,
    balances: INITIAL,
  }))
  writeFileSync(file, JSON.stringify({ accounts, liquidity: false }))
  return file
}

async function connect(url: string, apiKey: keyof typeof KEYS): Promise<WebsocketAPIConnection> {
  const api = new SpotWebsocketAPI({
    wsURL: url,
    apiKey,
    privateKey: KEYS[apiKey].privateKeyPem,
    autoSessionLogon: true,
  })
  return api.connect()
}

/** A decimal string in 10^-8 units. */
const units = (d: string): bigint => {
  const [whole = '0', frac = ''] = d.split('.')
  return BigInt(whole) * 100_000_000n + BigInt(frac.padEnd(8, '0').slice(0, 8))
}

interface Acked {
  readonly who: keyof typeof KEYS
  readonly orderId: number
  readonly status: string
  readonly executedQty: string
  readonly tradeIds: readonly number[]
}

const TERMINAL = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED', 'EXPIRED_IN_MATCH'])

describe('the emulator process with a data dir', () => {
  it('loses no acknowledged order to SIGKILL, and its balances add up exactly', async () => {
    const config = configFile('kill')
    const data = join(build.work, 'kill-data')
    const args = ['--config', config, '--data-dir', data, '--port', '0']
    const first = await serveEmulator(build.main, args)
    const acked: Acked[] = []
    try {
      const conns = { a: await connect(first.url, 'a'), b: await connect(first.url, 'b') }
      let n = 0
      let killed = false
      const worker = async (who: keyof typeof KEYS) => {
        while (!killed && n < 2_000) {
          const i = n++
          const side = (i + (who === 'a' ? 0 : 1)) % 2 === 0 ? 'BUY' : 'SELL'
          const price = String(59_990 + (i % 21))
          try {
            const r = await conns[who].orderPlace({
              symbol: 'BTCUSDT',
              side,
              type: 'LIMIT',
              timeInForce: 'GTC',
              price,
              quantity: `0.0${1 + (i % 9)}`,
              newOrderRespType: 'FULL',
            })
            const d = r.data as unknown as {
              orderId: number
              status: string
              executedQty: string
              fills: { tradeId: number }[]
            }
            acked.push({
              who,
              orderId: d.orderId,
              status: d.status,
              executedQty: d.executedQty,
              tradeIds: d.fills.map((f) => f.tradeId),
            })
          } catch {
            return
          }
          if (acked.length === 300) {
            killed = true
            first.proc.kill('SIGKILL')
          }
        }
      }
      await Promise.all([...Array(8)].map((_, i) => worker(i % 2 === 0 ? 'a' : 'b')))
      expect((await first.done).signal).toBe('SIGKILL')
      await Promise.all(Object.values(conns).map((c) => c.disconnect().catch(() => {})))
    } finally {
      stopProcess(first)
    }
    expect(acked.length).toBeGreaterThanOrEqual(300)

    const second = await serveEmulator(build.main, args)
    try {
      const conns = { a: await connect(second.url, 'a'), b: await connect(second.url, 'b') }
      const trades = new Map<
        string,
        { id: number; qty: string; commission: string; commissionAsset: string }[]
      >()
      for (const who of ['a', 'b'] as const) {
        trades.set(who, (await conns[who].myTrades({ symbol: 'BTCUSDT', limit: 1000 })).data as never)
      }
      const orders = new Map<
        string,
        { orderId: number; status: string; executedQty: string; side: string; price: string; origQty: string }
      >()
      for (const who of ['a', 'b'] as const) {
        const all = (await conns[who].allOrders({ symbol: 'BTCUSDT', limit: 1000 })).data as unknown as {
          orderId: number
          status: string
          executedQty: string
          side: string
          price: string
          origQty: string
        }[]
        for (const o of all) orders.set(`${who}:${o.orderId}`, o)
      }
      for (const a of acked) {
        const o = orders.get(`${a.who}:${a.orderId}`)
        expect(o, `order ${a.orderId} of ${a.who}`).toBeDefined()
        if (TERMINAL.has(a.status)) expect(o?.status).toBe(a.status)
        expect(units(o?.executedQty ?? '0')).toBeGreaterThanOrEqual(units(a.executedQty))
        const ids = new Set((trades.get(a.who) ?? []).map((t) => t.id))
        for (const id of a.tradeIds) expect(ids.has(id), `trade ${id} of order ${a.orderId}`).toBe(true)
      }

      // Per asset: free + locked of both accounts + the commissions they paid = what they started with.
      const held = new Map<string, bigint>()
      const add = (asset: string, v: bigint) => held.set(asset, (held.get(asset) ?? 0n) + v)
      for (const who of ['a', 'b'] as const) {
        const account = (await conns[who].accountStatus()).data
        for (const b of account.balances) add(b.asset, units(b.free) + units(b.locked))
        for (const t of trades.get(who) ?? []) add(t.commissionAsset, units(t.commission))
        // What is locked is exactly what the open orders reserve.
        const open = [...orders].filter(
          ([k, o]) => k.startsWith(`${who}:`) && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'),
        )
        let usdt = 0n
        let btc = 0n
        for (const [, o] of open) {
          const left = units(o.origQty) - units(o.executedQty)
          if (o.side === 'BUY') usdt += (left * units(o.price)) / 100_000_000n
          else btc += left
        }
        const lockedOf = (asset: string) =>
          units(account.balances.find((b) => b.asset === asset)?.locked ?? '0')
        expect(lockedOf('USDT')).toBe(usdt)
        expect(lockedOf('BTC')).toBe(btc)
      }
      expect(held.get('USDT')).toBe(2n * units(INITIAL.USDT))
      expect(held.get('BTC')).toBe(2n * units(INITIAL.BTC))
      await Promise.all(Object.values(conns).map((c) => c.disconnect()))
    } finally {
      stopProcess(second)
    }
  }, 60_000)

  it('resumes a clock set back, and the listen keys made after it, after SIGKILL as after SIGTERM', async () => {
    const config = configFile('clock')
    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      const data = join(build.work, `clock-${signal}-data`)
      const args = ['--config', config, '--data-dir', data, '--port', '0', '--control', '--legacy-listen-key']
      const http = (url: string) => `http://${new URL(url).host}`
      const clockNow = async (url: string) =>
        ((await (await fetch(`${http(url)}/control/clock/now`)).json()) as { result: number }).result
      const first = await serveEmulator(build.main, args)
      let key: string
      let before: number
      try {
        // A command before the set-back: its time is an hour later than the clock after it.
        await connect(first.url, 'a').then((a) => a.disconnect())
        await fetch(`${http(first.url)}/control/deposit`, {
          method: 'POST',
          body: JSON.stringify({ apiKey: 'a', asset: 'USDT', amount: '1' }),
        })
        const set = await fetch(`${http(first.url)}/control/clock/set`, {
          method: 'POST',
          body: JSON.stringify({ time: (await clockNow(first.url)) - 3_600_000 }),
        })
        expect(set.status).toBe(200)
        const made = await fetch(`${http(first.url)}/api/v3/userDataStream`, {
          method: 'POST',
          headers: { 'X-MBX-APIKEY': 'a' },
        })
        key = ((await made.json()) as { listenKey: string }).listenKey
        before = await clockNow(first.url)
        first.proc.kill(signal)
        expect((await first.done).signal ?? 'SIGTERM').toBe(signal)
      } finally {
        stopProcess(first)
      }
      const down = Date.now()
      const second = await serveEmulator(build.main, args)
      try {
        const after = await clockNow(second.url)
        // Where it was, plus the time it was down (the clock runs on while the process is stopped): not an hour on.
        expect(after).toBeGreaterThanOrEqual(before)
        expect(after - before).toBeLessThan(Date.now() - down + 30_000)
        const ping = await fetch(`${http(second.url)}/api/v3/userDataStream?listenKey=${key}`, {
          method: 'PUT',
          headers: { 'X-MBX-APIKEY': 'a' },
        })
        expect([ping.status, await ping.json()]).toEqual([200, {}])
      } finally {
        stopProcess(second)
      }
      await second.done
    }
  }, 60_000)

  it('keeps every durable record of a journal writer killed while it writes zeros ahead', async () => {
    const data = join(build.work, 'prealloc-data')
    mkdirSync(data)
    const writer = join(build.work, 'dist', 'emulator', 'api', 'persistence', 'journal-writer.js')
    const script = join(build.work, 'prealloc-writer.mjs')
    // Batches of 20 records of ~1 KB, the next once the last is on disk (as clients waiting for their answers);
    // after each: its count and the file's size. The zeros go ahead in steps of 1, 2, 4, 8, 16 MB (written 1 MB at
    // a time): a size of 3, 5, 6 or 7 MB is a step being written.
    writeFileSync(
      script,
      `import { statSync } from 'node:fs'
import { join } from 'node:path'
import { JournalWriter } from ${JSON.stringify(writer)}
const dir = process.argv[2]
const path = join(dir, ${JSON.stringify(segmentName(0))})
const journal = await JournalWriter.open(dir, 0, (e) => { console.error(String(e)); process.exit(2) })
let i = 0
const batch = () => {
  for (let k = 0; k < 20; k++, i++) journal.append(JSON.stringify({ o: i, pad: 'x'.repeat(1000) }))
}
journal.onDurable((n) => {
  const mb = statSync(path).size / 2 ** 20
  process.stdout.write(\`durable \${n}\\n\${[3, 5, 6, 7].includes(mb) ? 'stepping\\n' : ''}\`)
  if (i < 200_000) batch()
})
batch()
`,
    )
    const child = startCli(script, [data])
    await child.waitFor(/stepping/)
    child.proc.kill('SIGKILL')
    const run = await child.done
    expect(run.signal).toBe('SIGKILL')
    const durable = Math.max(...[...run.stdout.matchAll(/durable (\d+)/g)].map((m) => Number(m[1])))
    const path = join(data, segmentName(0))
    const bytes = readFileSync(path)
    const read: number[] = []
    const scanned = scanSegment(bytes, path, (p) => read.push((JSON.parse(p) as { o: number }).o))
    expect(scanned.torn === undefined || scanned.torn === 'an incomplete record').toBe(true)
    expect(read.length).toBeGreaterThanOrEqual(durable)
    expect(read).toEqual(Array.from({ length: read.length }, (_, i) => i))
    expect(bytes.length).toBeGreaterThan(scanned.intact)
  }, 60_000)

  it('closes on SIGTERM with a final snapshot and exit code 0, and starts again from it', async () => {
    const config = configFile('term')
    const data = join(build.work, 'term-data')
    const args = ['--config', config, '--data-dir', data, '--port', '0']
    const first = await serveEmulator(build.main, args)
    const a = await connect(first.url, 'a')
    const placed = await a.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '50000',
      quantity: '0.1',
    })
    // A second emulator on the same data dir while the first runs: refused, naming the first's process.
    const twice = await startCli(build.main, ['emulator', ...args]).done
    expect(twice.code).toBe(3)
    expect(twice.stderr).toContain(`${data} is in use by the emulator of process ${first.proc.pid}`)
    const started = Date.now()
    first.proc.kill('SIGTERM')
    const run = await first.done
    await a.disconnect().catch(() => {})
    expect(run.code).toBe(0)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(run.stdout).toContain('emulator closed')
    expect(readdirSync(data).filter((n) => n.endsWith('.snap'))).toHaveLength(1)

    const second = await serveEmulator(build.main, args)
    try {
      const again = await connect(second.url, 'a')
      const status = await again.orderStatus({ symbol: 'BTCUSDT', orderId: placed.data.orderId })
      expect(status.data.status).toBe('NEW')
      await again.disconnect()
    } finally {
      stopProcess(second)
    }
  }, 30_000)

  it('closes on SIGTERM with 84 000 resting orders: exit 0 within the bound, the final snapshot whole, the state restored', async () => {
    const config = join(build.work, 'large.json')
    writeFileSync(
      config,
      JSON.stringify({
        accounts: [
          { apiKey: 'a', publicKey: ED25519.publicKeyPem, balances: { USDT: '100000000', BTC: '1000' } },
        ],
        symbols: [RESTING_SYMBOL],
        liquidity: false,
      }),
    )
    const data = join(build.work, 'large-data')
    const args = ['--config', config, '--data-dir', data, '--port', '0']
    const made = await serveEmulator(build.main, args)
    made.proc.kill('SIGTERM')
    expect((await made.done).code).toBe(0)
    // The state as ~84 000 order.place requests leave it, dated in the past under the default order rate limits.
    const orders = 84_000
    await writeRestingOrders(data, orders, 'a', Date.now() - orders * 201, 201)

    const first = await serveEmulator(build.main, args)
    let before: unknown
    let last: number
    try {
      const a = await connect(first.url, 'a')
      last = (
        await a.orderPlace({
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: '1000',
          quantity: '1',
        })
      ).data.orderId
      before = (await a.accountStatus()).data.balances
      await a.disconnect()
      const started = Date.now()
      first.proc.kill('SIGTERM')
      const run = await first.done
      expect(run.code).toBe(0)
      expect(Date.now() - started).toBeLessThan(60_000)
    } finally {
      stopProcess(first)
    }
    const files = readdirSync(data)
    expect(files.filter((n) => n.includes('.snap'))).toEqual([snapshotName(orders + 1)])

    const second = await serveEmulator(build.main, args)
    try {
      const a = await connect(second.url, 'a')
      expect((await a.accountStatus()).data.balances).toEqual(before)
      expect((await a.orderStatus({ symbol: 'BTCUSDT', orderId: last })).data.status).toBe('NEW')
      await a.disconnect()
    } finally {
      stopProcess(second)
    }
    await second.done
    // `--check` reads it all as a start does, and says what a start resumes.
    const check = await startCli(build.main, ['emulator', '--check', ...args]).done
    expect(check.code).toBe(0)
    expect(check.stdout).toContain(`${data}: readable, as a start would read it (nothing was changed)`)
    expect(check.stdout).toContain(`journal   ${(orders + 1).toLocaleString('en-US')} records`)
    expect(check.stdout).toContain(
      `state     1 account, ${(orders + 1).toLocaleString('en-US')} open orders, 0 trades`,
    )
  }, 60_000)

  it('exits with code 3 naming the path when the data dir cannot be made', async () => {
    const file = join(build.work, 'not-a-folder')
    writeFileSync(file, 'x')
    const run = await startCli(build.main, ['emulator', '--port', '0', '--data-dir', join(file, 'data')]).done
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(join(file, 'data'))
    expect(run.stderr).toMatch(/cannot be used/)
  })

  it('exits with code 3 when the data dir holds another configuration', async () => {
    const data = join(build.work, 'other-data')
    mkdirSync(data)
    writeFileSync(join(data, 'meta.json'), JSON.stringify({ format: 1, fingerprint: 'x', startTime: 1 }))
    const run = await startCli(build.main, ['emulator', '--port', '0', '--data-dir', data]).done
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/another configuration/)
    const check = await startCli(build.main, ['emulator', '--check', '--data-dir', data, '--log', 'json'])
      .done
    expect(check.code).toBe(3)
    expect(JSON.parse(check.stdout)).toMatchObject({ type: 'datadir.check', ok: false })
    expect(check.stderr).toMatch(/another configuration/)
  })
})
