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

const HELP_HELP = `binance-spot-ws help [<command>]

Shows the help of <command>, as \`binance-spot-ws <command> --help\` does; without one,
the list of commands (\`binance-spot-ws --help\`).

Examples:
  binance-spot-ws help
  binance-spot-ws help call`

/** An unknown command, named with its likely meant one, and where the commands are listed. */
function unknownCommand(name: string, prefix = ''): number {
  printError(`${prefix}unknown command '${name}'${didYouMean(name, byName.keys())}`)
  printError('Run `binance-spot-ws --help` for the commands.')
  return EXIT.usage
}

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
  const { code, path, syscall } = (err ?? {}) as NodeJS.ErrnoException
  // A file that went away or cannot be used (Node's own text would be `ENOENT: no such file …, open '…'`).
  if (typeof code === 'string' && typeof path === 'string') {
    printError(`error: cannot ${syscall ?? 'use'} ${path} (${code})`)
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
    const [asked] = rest
    if (asked === '--help' || asked === '-h') {
      out(`${HELP_HELP}\n`)
      return EXIT.ok
    }
    const topic = asked === undefined ? undefined : byName.get(asked)
    if (asked !== undefined && !topic) return unknownCommand(asked, 'binance-spot-ws help: ')
    out(`${topic ? topic.help : HELP}\n`)
    return EXIT.ok
  }
  const command = byName.get(name)
  if (!command) return unknownCommand(name)
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
