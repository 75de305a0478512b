// The `binance-spot-ws` CLI run as a real process (compiled once into a temp folder) against a real emulator process.
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { METHOD_LIST } from '../../src/protocol/methods.js'
import {
  buildCli,
  type CliBuild,
  root,
  serveEmulator,
  startCli,
  stopProcess,
} from '../support/cli-process.js'
import { silentSocket } from '../support/raw-socket.js'

let build: CliBuild
beforeAll(() => {
  build = buildCli()
}, 120_000)
afterAll(() => build?.remove())

const start = (args: readonly string[], env: Record<string, string> = {}) => startCli(build.main, args, env)
const cli = (args: readonly string[], env: Record<string, string> = {}) => start(args, env).done
const serve = (args: readonly string[]) => serveEmulator(build.main, args)

describe('help', () => {
  it('lists the commands', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    for (const c of ['emulator', 'call', 'methods', 'demo'])
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'))
    expect(r.stdout).toContain('Examples:')
  })

  it.each(['emulator', 'call', 'methods', 'demo'])('%s --help shows usage and examples', async (command) => {
    const r = await cli([command, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith(`binance-spot-ws ${command}`)).toBe(true)
    expect(r.stdout).toContain('Examples:')
    expect((await cli(['help', command])).stdout).toBe(r.stdout)
    expect((await cli([command, '-h'])).stdout).toBe(r.stdout)
  })

  it('exits 2 without a command or with an unknown one, and prints the version', async () => {
    expect((await cli([])).code).toBe(2)
    const r = await cli(['emulatr'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown command 'emulatr' (did you mean 'emulator'?)")
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    expect((await cli(['--version'])).stdout.trim()).toBe(pkg.version)
  })

  it('help --help shows its usage; help of an unknown command points at the list of commands', async () => {
    const usage = await cli(['help', '--help'])
    expect(usage.code).toBe(0)
    expect(usage.stdout).toMatch(/^binance-spot-ws help \[<command>\]\n/)
    expect((await cli(['help', '-h'])).stdout).toBe(usage.stdout)
    const bogus = await cli(['help', 'emulatr'])
    expect(bogus.code).toBe(2)
    expect(bogus.stdout).toBe('')
    expect(bogus.stderr).toBe(
      "binance-spot-ws help: unknown command 'emulatr' (did you mean 'emulator'?)\n" +
        'Run `binance-spot-ws --help` for the commands.\n',
    )
  })

  it('emulator --help shows every endpoint a client is pointed at, and --legacy-listen-key', async () => {
    const r = await cli(['emulator', '--help'])
    for (const url of [
      'ws://127.0.0.1:8090/ws-api/v3',
      'ws://127.0.0.1:8090/ws/<stream>',
      'ws://127.0.0.1:8090/stream?streams=<stream>/<stream>',
      'http://127.0.0.1:8090/api/v3',
    ])
      expect(r.stdout).toContain(url)
    expect(r.stdout).toMatch(/^ {2}--legacy-listen-key$/m)
  })

  it.each(['methods', 'emulator', 'call'])(
    '%s rejects an unknown option with exit 2, naming it',
    async (command) => {
      const r = await cli([command, '--bogus'])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(
        `binance-spot-ws ${command}: unknown option '--bogus'\n` +
          `Run \`binance-spot-ws ${command} --help\` for usage.\n`,
      )
    },
  )
})

describe('methods', () => {
  it('lists every catalogue method with security type and weight', async () => {
    const r = await cli(['methods'])
    expect(r.code).toBe(0)
    const [header, ...rows] = r.stdout.trimEnd().split('\n')
    expect(header?.split(/\s{2,}/).filter(Boolean)).toEqual(['method', 'client name', 'security', 'weight'])
    expect(rows).toHaveLength(METHOD_LIST.length)
    expect(
      rows
        .find((l) => l.trim().startsWith('order.place '))
        ?.trim()
        .split(/\s{2,}/),
    ).toEqual(['order.place', 'orderPlace', 'TRADE', '1, 0 if it succeeds'])
    expect(rows.find((l) => l.trim().startsWith('depth '))).toContain('5-250 by limit')
  })

  it('prints JSON, filters, and shows one method in detail', async () => {
    const json = JSON.parse((await cli(['methods', '--json'])).stdout) as { wire: string; security: string }[]
    expect(json).toHaveLength(METHOD_LIST.length)
    expect(json.find((m) => m.wire === 'account.status')?.security).toBe('USER_DATA')
    const filtered = (await cli(['methods', 'trades'])).stdout.trimEnd().split('\n').slice(1)
    expect(filtered.length).toBeGreaterThan(2)
    expect(filtered.length).toBeLessThan(METHOD_LIST.length)
    expect(filtered.every((l) => l.toLowerCase().includes('trades'))).toBe(true)
    const detail = await cli(['methods', 'depth'])
    expect(detail.stdout).toMatch(/Required:\n.*\n\s+symbol\s+STRING/)
    expect(detail.stdout).toMatch(/limit\s+INT/)
    expect((await cli(['methods', 'no-such-thing'])).code).toBe(2)
  })
})

describe('emulator + call', () => {
  let ex: Awaited<ReturnType<typeof serve>>
  let hmac: Record<string, string>
  let ed25519: Record<string, string>
  const call = (args: readonly string[], extra: Record<string, string> = {}) =>
    cli(['call', ...args, '--url', ex.url], extra)

  beforeAll(async () => {
    ex = await serve(['--port', '0', '--control'])
    const text = ex.out.stdout
    const [, key = '', secret = ''] =
      text.match(/HMAC demo account.*\n\s+BINANCE_API_KEY=(\S+)\n\s+BINANCE_API_SECRET=(\S+)/) ?? []
    hmac = { BINANCE_API_KEY: key, BINANCE_API_SECRET: secret }
    const [, edKey = ''] = text.match(/Ed25519 demo account.*\n\s+BINANCE_API_KEY=(\S+)\n/) ?? []
    // The key as printed, between blank lines from column 0: copied as it is, it is the PEM file.
    const [, pem = ''] =
      text.match(/\n\n(-----BEGIN PRIVATE KEY-----\n[\s\S]*?\n-----END PRIVATE KEY-----\n)\n/) ?? []
    const pemFile = join(build.work, 'ed25519.pem')
    writeFileSync(pemFile, pem)
    ed25519 = { BINANCE_API_KEY: edKey, BINANCE_PRIVATE_KEY_PATH: pemFile }
  }, 30_000)

  afterAll(() => stopProcess(ex))

  it('listens on the real port, prints its endpoints and both demo accounts', () => {
    expect(ex.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws-api\/v3$/)
    expect(ex.url).not.toContain(':0/')
    const authority = new URL(ex.url).host
    for (const line of [
      `WebSocket API      ws://${authority}/ws-api/v3`,
      `streams, raw       ws://${authority}/ws/<stream>`,
      `streams, combined  ws://${authority}/stream?streams=<stream>/<stream>`,
      `REST API           http://${authority}/api/v3`,
      `Try: npx binance-spot-ws call depth symbol=BTCUSDT limit=5 --url ${ex.url}`,
    ])
      expect(ex.out.stdout).toContain(line)
    expect(hmac['BINANCE_API_KEY']).toMatch(/^[0-9A-Za-z]{64}$/)
    expect(hmac['BINANCE_API_SECRET']).toMatch(/^[0-9A-Za-z]{64}$/)
    expect(readFileSync(ed25519['BINANCE_PRIVATE_KEY_PATH'] ?? '', 'utf8')).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
    )
  })

  it('calls ping and time', async () => {
    const ping = await call(['ping'])
    expect(ping).toMatchObject({ code: 0, stdout: '{}\n', stderr: '' })
    const time = await call(['time'])
    expect(time.code).toBe(0)
    expect(JSON.parse(time.stdout)).toEqual({ serverTime: expect.any(Number) })
  })

  it('converts params by the catalogue: depth with an INT limit, ticker.price with a list', async () => {
    const depth = await call(['depth', 'symbol=BTCUSDT', 'limit=5'])
    expect(depth.code).toBe(0)
    const book = JSON.parse(depth.stdout) as { bids: [string, string][]; asks: [string, string][] }
    expect(book.bids).toHaveLength(5)
    expect(book.asks).toHaveLength(5)
    expect(book.bids[0]?.[0]).toMatch(/^\d+\.\d+$/)
    const prices = await call(['ticker.price', 'symbols=BTCUSDT,ETHUSDT'])
    expect(prices.code).toBe(0)
    expect((JSON.parse(prices.stdout) as { symbol: string }[]).map((p) => p.symbol).sort()).toEqual([
      'BTCUSDT',
      'ETHUSDT',
    ])
  })

  it('signs with the printed HMAC keys from the environment', async () => {
    const r = await call(['account.status', 'omitZeroBalances=true'], hmac)
    expect(r.code).toBe(0)
    const account = JSON.parse(r.stdout) as { balances: { asset: string; free: string }[] }
    expect(account.balances).toContainEqual(
      expect.objectContaining({ asset: 'USDT', free: '100000.00000000' }),
    )
  })

  it('signs with an Ed25519 key file and takes client method names', async () => {
    const r = await call(
      ['orderPlace', 'symbol=BTCUSDT', 'side=BUY', 'type=MARKET', 'quantity=0.01'],
      ed25519,
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      symbol: 'BTCUSDT',
      status: 'FILLED',
      executedQty: '0.01000000',
    })
  })

  it('follows the user data stream until SIGINT', async () => {
    const follower = start(['call', 'userDataStream.subscribe', '--url', ex.url], ed25519)
    try {
      await follower.waitFor(/"subscriptionId":\d+/)
      const order = await call(
        ['order.place', 'symbol=BTCUSDT', 'side=SELL', 'type=MARKET', 'quantity=0.01'],
        ed25519,
      )
      expect(order.code).toBe(0)
      await follower.waitFor(/"e":"executionReport".*"X":"FILLED"/)
      follower.proc.kill('SIGINT')
      expect((await follower.done).code).toBe(0)
    } finally {
      stopProcess(follower)
    }
  })

  it('prints indented JSON with --pretty', async () => {
    const r = await call(['time', '--pretty'])
    expect(r.stdout).toMatch(/^\{\n {2}"serverTime": \d+\n\}\n$/)
  })

  it.each([
    [['depth', 'symbol=BTCUSDT', 'limit=abc'], "limit must be an integer, got 'abc'"],
    [['depth', 'symbol=BTCUSDT', 'limit=2.5'], "limit must be an integer, got '2.5'"],
    [['depth'], 'depth needs symbol (STRING)'],
    [['depth', 'symbol=BTCUSDT', 'limt=5'], "depth has no parameter 'limt' (did you mean 'limit'?)"],
    [['order.test', 'symbol=BTCUSDT', 'side=buy', 'type=MARKET'], "side must be one of BUY, SELL; got 'buy'"],
    [
      ['order.test', 'symbol=BTCUSDT', 'side=BUY', 'type=MARKET', 'quantity=1e-3'],
      'quantity must be a decimal',
    ],
    [['order.cancel', 'symbol=BTCUSDT'], 'order.cancel needs one of orderId, origClientOrderId'],
    [['oder.place'], "unknown method 'oder.place' (did you mean 'order.place'?)"],
    [['account.status'], 'account.status is a signed (USER_DATA) method: set BINANCE_API_KEY'],
    [[], 'call needs a method'],
  ])('exits 2 before sending: %j', async (args, message) => {
    const r = await call(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(message)
  })

  it('exits 1 with the API error code and msg', async () => {
    const r = await call(['depth', 'symbol=NOPE'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^error -1121: Invalid symbol\./)
  })

  it('--allow-unknown sends params the catalogue does not know (the typed call refuses them): the server answers', async () => {
    const open = await call(['depth', 'symbol=BTCUSDT', 'extra=1', '--allow-unknown'])
    expect(open).toMatchObject({ code: 1, stdout: '' })
    expect(open.stderr).toMatch(/^error -1104: Not all sent parameters were read/)
    const signed = await call(['account.status', 'extra=1', '--allow-unknown'], hmac)
    expect(signed.stderr).toMatch(
      /^error -1104: Not all sent parameters were read; read '\d+' parameter\(s\)/,
    )
  })

  it('an order whose outcome is unknown: exits 1 with its client order id and the call that finds it out', async () => {
    const fail = await fetch(`http://${new URL(ex.url).host}/control/failNext`, {
      method: 'POST',
      body: JSON.stringify({ method: 'order.place', error: 'TIMEOUT', executed: true }),
    })
    expect(await fail.json()).toEqual({ result: null })
    const order = [
      'symbol=BTCUSDT',
      'side=BUY',
      'type=LIMIT',
      'timeInForce=GTC',
      'price=50000',
      'quantity=0.001',
    ]
    const r = await call(['orderPlace', ...order], hmac)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    const [, id = ''] =
      r.stderr.match(
        /^error: order\.place: outcome unknown \(.*-1007.*\); reconcile by clientOrderId (\S+)\n/,
      ) ?? []
    expect(id).not.toBe('')
    const find = `npx binance-spot-ws call order.status symbol=BTCUSDT origClientOrderId=${id} --url ${ex.url}`
    expect(r.stderr).toContain(`The change may or may not have been made. Find out with:\n  ${find}\n`)
    // The call as printed: the order was placed.
    const status = await cli(find.split(' ').slice(2), hmac)
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({
      clientOrderId: id,
      status: 'NEW',
      price: '50000.00000000',
    })
  })

  it('answers the retired userDataStream.start as Binance does now; --legacy-listen-key serves it', async () => {
    const retired = await call(['userDataStream.start'], hmac)
    expect(retired.code).toBe(1)
    expect(retired.stderr).toMatch(/^error -1020: This operation is not supported\./)
    const legacy = await serve(['--port', '0', '--legacy-listen-key'])
    try {
      const demo = legacy.out.stdout.match(
        /HMAC demo account.*\n\s+BINANCE_API_KEY=(\S+)\n\s+BINANCE_API_SECRET=(\S+)/,
      )
      const started = await cli(['call', 'userDataStream.start', '--url', legacy.url], {
        BINANCE_API_KEY: demo?.[1] ?? '',
        BINANCE_API_SECRET: demo?.[2] ?? '',
      })
      expect(started.code).toBe(0)
      expect(JSON.parse(started.stdout)).toEqual({ listenKey: expect.stringMatching(/^[A-Za-z0-9]{60}$/) })
    } finally {
      stopProcess(legacy)
    }
  })

  it('exits 1 when nothing listens at the URL', async () => {
    const server = createServer()
    const port = await new Promise<number>((ok) =>
      server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port)),
    )
    await new Promise((ok) => server.close(ok))
    const r = await cli(['call', 'ping', '--url', `ws://127.0.0.1:${port}/ws-api/v3`, '--timeout', '5000'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error: .*ECONNREFUSED/)
  })

  it('closes cleanly on SIGINT and exits 0', async () => {
    ex.proc.kill('SIGINT')
    const r = await ex.done
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/SIGINT: closing the emulator\nemulator closed\n$/)
  })
})

describe('emulator with its output closed early', () => {
  it('keeps serving when the reader of stdout goes away after the first line (`| head -1`), and exits 0', async () => {
    const ex = startCli(build.main, ['emulator', '--port', '0', '--control'], {}, 60_000)
    try {
      const [, port = ''] = await ex.waitFor(/^emulator listening on ws:\/\/127\.0\.0\.1:(\d+)\//)
      ex.proc.stdout?.destroy()
      const origin = `http://127.0.0.1:${port}`
      // Each change is an audit line on stdout: a write into the closed pipe.
      for (const ms of [1000, 2000]) {
        const advanced = await fetch(`${origin}/control/clock/advance`, {
          method: 'POST',
          body: `{"ms":${ms}}`,
        })
        expect(await advanced.json()).toEqual({ result: null })
      }
      const ping = await fetch(`${origin}/api/v3/ping`)
      expect(ping.status).toBe(200)
      expect(await ping.json()).toEqual({})
      ex.proc.kill('SIGTERM')
      const r = await ex.done
      expect(r.code).toBe(0)
      expect(r.stderr).toBe('')
    } finally {
      stopProcess(ex)
    }
  })
})

describe('emulator --no-ui without --control', () => {
  it('answers /control/ with a control API error saying how to turn it on, not a REST -1020', async () => {
    const ex = await serve(['--port', '0', '--no-ui'])
    try {
      const res = await fetch(`http://${new URL(ex.url).host}/control/storage`)
      expect(res.status).toBe(404)
      const body = (await res.json()) as { error: { code: string; msg: string } }
      expect(body.error.code).toBe('CONTROL_DISABLED')
      expect(body.error.msg).toContain('the control API is off: start the emulator with --control')
      expect(body.error.msg).toContain('--no-ui')
    } finally {
      stopProcess(ex)
    }
  })
})

describe('emulator --data-dir', () => {
  it('says in its banner whether it resumed a state (how many records, from which snapshot) or starts fresh', async () => {
    const dir = join(build.work, 'venue-data')
    const boot = async () => {
      const ex = await serve(['--port', '0', '--control', '--data-dir', dir])
      return Object.assign(ex, { origin: `http://${new URL(ex.url).host}` })
    }
    const first = await boot()
    try {
      expect(first.out.stdout).toContain(`data dir ${dir}: nothing to resume, starting fresh\n`)
      // One journal record; a crash leaves it to the journal alone.
      const advanced = await fetch(`${first.origin}/control/clock/advance`, {
        method: 'POST',
        body: '{"ms":1000}',
      })
      expect(await advanced.json()).toEqual({ result: null })
      first.proc.kill('SIGKILL')
      await first.done
    } finally {
      stopProcess(first)
    }
    const second = await boot()
    try {
      expect(second.out.stdout).toContain(
        `data dir ${dir}: resumed 1 journal record (all replayed from the journal)\n`,
      )
      // A clean close writes a snapshot of the state.
      second.proc.kill('SIGTERM')
      expect((await second.done).code).toBe(0)
    } finally {
      stopProcess(second)
    }
    const third = await boot()
    try {
      expect(third.out.stdout).toContain(
        `data dir ${dir}: resumed 1 journal record (${join(dir, 'snapshot-000000000001.snap')} covers 1, 0 replayed after it)\n`,
      )
    } finally {
      stopProcess(third)
    }
    await third.done
    const json = start(['emulator', '--port', '0', '--data-dir', dir, '--log', 'json'])
    try {
      const [line = ''] = await json.waitFor(/^\{"type":"emulator\.listening".*\n/)
      expect(JSON.parse(line)).toMatchObject({
        dataDir: { dir, recovered: { snapshotRecords: 1, replayed: 0 } },
      })
    } finally {
      stopProcess(json)
    }
  })
})

describe('emulator --config', () => {
  const BTCUSDT = {
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    referencePrice: '50000',
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
      { filterType: 'LOT_SIZE', minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' },
    ],
  }

  it('serves the configured symbols and accounts (flags win) and stops on SIGTERM', async () => {
    const file = join(build.work, 'exchange.json')
    writeFileSync(
      file,
      JSON.stringify({
        port: 8090,
        liquidity: true,
        symbols: [BTCUSDT],
        accounts: [{ apiKey: 'k1', hmacSecret: 's1', balances: { USDT: '1234.5' } }],
      }),
    )
    const ex = await serve(['--config', file, '--port', '0', '--no-liquidity'])
    try {
      expect(ex.out.stdout).not.toContain('BINANCE_API_SECRET')
      const url = ['--url', ex.url]
      const account = await cli(['call', 'account.status', ...url], {
        BINANCE_API_KEY: 'k1',
        BINANCE_API_SECRET: 's1',
      })
      expect(JSON.parse(account.stdout).balances).toContainEqual(
        expect.objectContaining({ asset: 'USDT', free: '1234.50000000' }),
      )
      expect(JSON.parse((await cli(['call', 'depth', 'symbol=BTCUSDT', ...url])).stdout)).toMatchObject({
        bids: [],
        asks: [],
      })
      expect((await cli(['call', 'depth', 'symbol=ETHUSDT', ...url])).code).toBe(1)
      ex.proc.kill('SIGTERM')
      expect((await ex.done).code).toBe(0)
    } finally {
      stopProcess(ex)
    }
  })

  it('exits 2 naming the bad field of the file, or the bad flag', async () => {
    const file = join(build.work, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({ accounts: [{ apiKey: 'k', hmacSecret: 's', balances: { USDT: 5 } }] }),
    )
    const r = await cli(['emulator', '--config', file, '--port', '0'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}: accounts[0].balances.USDT must be a decimal string`)
    const port = await cli(['emulator', '--port', 'abc'])
    expect(port.code).toBe(2)
    expect(port.stderr).toContain("--port must be an integer from 0 to 65535, got 'abc'")
  })

  it('takes the connection bounds as flags, over the file: --max-pending-upgrades-per-ip 1 closes a second silent socket', async () => {
    const file = join(build.work, 'bounds.json')
    writeFileSync(file, JSON.stringify({ connection: { maxPendingUpgradesPerIp: 5 } }))
    const ex = await serve(['--config', file, '--port', '0', '--max-pending-upgrades-per-ip', '1'])
    const port = Number(new URL(ex.url).port)
    const first = await silentSocket(port)
    try {
      const second = await silentSocket(port)
      await once(second, 'close')
      expect(first.destroyed).toBe(false)
      const bad = await cli(['emulator', '--port', '0', '--max-unsent-bytes', '0'])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain(
        `--max-unsent-bytes must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}, got '0'`,
      )
    } finally {
      first.destroy()
      stopProcess(ex)
    }
  })
})
