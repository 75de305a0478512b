#!/usr/bin/env node
// The `binance-spot-ws` command: a table of subcommands, each in its own file.
import { runDemo } from './commands/demo.js'

const HELP = `binance-spot-ws <command>

Commands:
  demo       start the emulator and tour the client against it (what \`npm start\` runs)

Run \`binance-spot-ws <command> --help\` for a command's options.`

const commands: Record<string, (args: string[]) => Promise<void>> = {
  demo: () => runDemo(),
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${HELP}\n`)
    return name ? 0 : 1
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`unknown command '${name}'\n\n${HELP}\n`)
    return 2
  }
  await command(rest)
  return 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  },
)
