// The guided tour `npm start` runs: an emulator, our client on an Ed25519 session, orders placed and filled.

import { parseArgs } from 'node:util'
import { SpotWebsocketAPI } from '../../client/index.js'
import { startEmulator } from '../../emulator/index.js'
import type { ExecutionReport, UserDataEvent } from '../../protocol/events.js'
import { HELP_OPTION, integerFlag, parseOrUsage } from '../args.js'
import type { Command } from '../command.js'
import { out, say } from '../output.js'
import { paint, table } from '../style.js'

const step = (n: number, title: string) =>
  say(`\n${paint('bold', `${n}.`)} ${paint(['bold', 'cyan'], title)}`)
const trim = (d: string) => d.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')

function describeEvent(e: UserDataEvent): string {
  if (e.e === 'executionReport') {
    const r = e as ExecutionReport
    const fill = r.x === 'TRADE' ? ` ${trim(r.l)} @ ${trim(r.L)}` : ''
    const what = r.x === r.X ? paint('green', r.X) : `${paint('yellow', r.x)} → ${paint('green', r.X)}`
    return `executionReport  order ${r.i} ${r.S} ${r.o}  ${what}${fill}`
  }
  if (e.e === 'outboundAccountPosition') {
    return `outboundAccountPosition  ${e.B.map((b) => `${b.a} free ${trim(b.f)} locked ${trim(b.l)}`).join(', ')}`
  }
  return e.e
}

/** Runs the demo; resolves when everything is closed again. */
async function runDemo(options: { port?: number } = {}): Promise<void> {
  const started = Date.now()
  say(
    paint('bold', 'binance-spot-ws demo') +
      paint('dim', ' — our client trading on our local Binance Spot emulator'),
  )

  step(1, 'Start the emulator')
  const ex = await startEmulator({ port: options.port ?? 0 })
  const account = ex.demoAccounts.find((a) => a.kind === 'ED25519')
  if (account?.kind !== 'ED25519') throw new Error('the emulator has no Ed25519 demo account')
  say(`    listening on ${paint('green', ex.url)}`)
  say(`    demo account ${paint('dim', account.apiKey)} (Ed25519)`)

  const api = new SpotWebsocketAPI({
    wsURL: ex.url,
    apiKey: account.apiKey,
    privateKey: account.privateKeyPem,
    autoSessionLogon: true,
  })
  const connection = await api.connect()
  try {
    step(2, 'Connect with an Ed25519 session (session.logon at every connect; requests need no signature)')
    const session = await connection.sessionStatus()
    say(`    authorized since ${new Date(session.data.authorizedSince ?? 0).toISOString()}`)

    step(3, 'Exchange info for BTCUSDT')
    const info = await connection.exchangeInfo({ symbol: 'BTCUSDT' })
    const symbol = info.data.symbols[0]
    if (!symbol) throw new Error('BTCUSDT is missing from exchangeInfo')
    say(
      `    ${symbol.symbol}: ${symbol.baseAsset}/${symbol.quoteAsset}, status ${symbol.status}, order types ${symbol.orderTypes.join(' ')}`,
    )
    say(`    filters: ${symbol.filters.map((f) => f.filterType).join(', ')}`)

    step(4, 'Top of the book')
    const depth = await connection.depth({ symbol: 'BTCUSDT', limit: 5 })
    const rows = depth.data.asks
      .slice(0, 3)
      .reverse()
      .map(([p, q]) => ['ask', trim(p), trim(q)])
      .concat(depth.data.bids.slice(0, 3).map(([p, q]) => ['bid', trim(p), trim(q)]))
    say(table(['side', 'price', 'quantity'], rows))
    const bestBid = depth.data.bids[0]?.[0]
    if (!bestBid) throw new Error('the book has no bids')

    step(5, 'Subscribe to the user data stream')
    const { response, stream } = await connection.userDataStreamSubscribe()
    say(`    subscriptionId ${response.data.subscriptionId}`)
    const events: UserDataEvent[] = []
    stream.on('*', (e) => {
      events.push(e)
      say(`    ${paint('magenta', '⚡')} ${describeEvent(e)}`)
    })

    step(6, 'Place a LIMIT BUY 1% below the best bid: it rests on the book')
    const limitPrice = (Math.floor(Number(bestBid) * 0.99 * 100) / 100).toFixed(2)
    const limit = await connection.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: limitPrice,
      quantity: '0.01',
    })
    say(`    order ${limit.data.orderId} ${paint('green', limit.data.status ?? '')} at ${limitPrice}`)

    step(7, 'Place a MARKET BUY of 0.02 BTC: it fills against the book')
    const market = await connection.orderPlace({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.02',
    })
    say(
      `    order ${market.data.orderId} ${paint('green', market.data.status ?? '')}, executed ${trim(market.data.executedQty ?? '0')} BTC for ${trim(market.data.cummulativeQuoteQty ?? '0')} USDT`,
    )
    say(
      table(
        ['price', 'qty', 'commission', 'tradeId'],
        (market.data.fills ?? []).map((f) => [
          trim(f.price),
          trim(f.qty),
          `${trim(f.commission)} ${f.commissionAsset}`,
          String(f.tradeId),
        ]),
      ),
    )

    step(8, 'Open orders, then cancel the resting LIMIT')
    const open = await connection.openOrdersStatus({ symbol: 'BTCUSDT' })
    say(
      `    ${open.data.length} open order(s): ${open.data.map((o) => `${o.orderId} ${o.side} ${trim(o.origQty)} @ ${trim(o.price)}`).join(', ')}`,
    )
    const cancel = await connection.orderCancel({ symbol: 'BTCUSDT', orderId: limit.data.orderId })
    say(
      `    order ${limit.data.orderId} ${paint('yellow', String((cancel.data as { status?: string }).status))}`,
    )

    step(9, 'Balances')
    const account = await connection.accountStatus({ omitZeroBalances: true })
    say(
      table(
        ['asset', 'free', 'locked'],
        account.data.balances.map((b) => [b.asset, trim(b.free), trim(b.locked)]),
      ),
    )
    const budget = connection.rateLimitBudget().find((b) => b.rateLimitType === 'REQUEST_WEIGHT')
    if (budget) say(paint('dim', `    request weight used this minute: ${budget.count}/${budget.limit}`))

    await new Promise<void>((resolve) => setImmediate(resolve))
    say(
      `\n${paint('green', '✔')} ${events.length} user data events received; done in ${Date.now() - started} ms.`,
    )
  } finally {
    await connection.disconnect()
    await ex.close()
  }
}

const HELP = `binance-spot-ws demo [--port <n>]

The end-to-end tour that \`npm start\` runs: starts the emulator, connects the client
with an Ed25519 session, reads exchange info and the book, subscribes to the user
data stream, places a resting LIMIT and a filled MARKET order, cancels, shows balances.

Options:
  --port <n>   port of the demo's emulator (default 0: any free port)
  -h, --help   show this help

Examples:
  binance-spot-ws demo
  npm start`

export const demoCommand: Command = {
  name: 'demo',
  summary: 'start the emulator and tour the client against it (what `npm start` runs)',
  help: HELP,
  async run(args) {
    const { values } = parseOrUsage(() =>
      parseArgs({ args: [...args], options: { port: { type: 'string' }, help: HELP_OPTION } }),
    )
    if (values.help) {
      out(`${HELP}\n`)
      return 0
    }
    await runDemo(values.port === undefined ? {} : { port: integerFlag('--port', values.port, 0, 65535) })
    return 0
  },
}
