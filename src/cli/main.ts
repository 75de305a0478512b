#!/usr/bin/env node
// The `binance-spot-ws` command: a table of subcommands, each in its own file.
import { readFileSync } from 'node:fs'
import { BinanceError } from '../client/index.js'
import { didYouMean } from '../protocol/suggest.js'
import { type Command, EXIT, UsageError } from './command.js'
import { callCommand } from './commands/call.js'
import { demoCommand } from './commands/demo.js'
import { emulatorCommand } from './commands/emulator.js'
import { methodsCommand } from './commands/methods.js'
import { out, printError, survivePipeClose } from './output.js'

const COMMANDS: readonly Command[] = [emulatorCommand, callCommand, methodsCommand, demoCommand]
const byName = new Map(COMMANDS.map((c) => [c.name, c]))

const HELP = `binance-spot-ws <command> [options]

A typed client for the Binance Spot WebSocket API and a local exchange emulator.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}
  help       show the help of a command

Options:
  -h, --help     show this help
  -v, --version  print the version

Examples:
  binance-spot-ws emulator --port 8090
  binance-spot-ws call depth symbol=BTCUSDT limit=5
  binance-spot-ws methods order
  binance-spot-ws call --help

Run \`binance-spot-ws <command> --help\` for a command's options.`

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string
  }
  return pkg.version ?? 'unknown'
}

/** Reports a failed command on stderr and picks the exit code. */
function report(err: unknown, command: string): number {
  if (err instanceof UsageError) {
    printError(`binance-spot-ws ${command}: ${err.message}`)
    printError(`Run \`binance-spot-ws ${command} --help\` for usage.`)
    return EXIT.usage
  }
  const api = err instanceof BinanceError ? err : (err as Error | undefined)?.cause
  if (api instanceof BinanceError) {
    printError(`error ${api.code}: ${api.msg} (${api.method}, status ${api.status})`)
    return EXIT.failed
  }
  printError(`error: ${err instanceof Error ? err.message : String(err)}`)
  return EXIT.failed
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h') {
    out(`${HELP}\n`)
    return name ? EXIT.ok : EXIT.usage
  }
  if (name === '--version' || name === '-v') {
    out(`${version()}\n`)
    return EXIT.ok
  }
  if (name === 'help') {
    const topic = rest[0] ? byName.get(rest[0]) : undefined
    if (rest[0] && !topic) return report(new UsageError(`unknown command '${rest[0]}'`), 'help')
    out(`${topic ? topic.help : HELP}\n`)
    return EXIT.ok
  }
  const command = byName.get(name)
  if (!command) {
    printError(`unknown command '${name}'${didYouMean(name, byName.keys())}`)
    printError('Run `binance-spot-ws --help` for the commands.')
    return EXIT.usage
  }
  try {
    return await command.run(rest)
  } catch (err) {
    return report(err, name)
  }
}

survivePipeClose()
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
