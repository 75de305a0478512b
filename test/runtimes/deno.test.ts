// The client in Deno (the `deno` npm package's binary), allowed to reach 127.0.0.1 and nothing else.
import { installedVersion, launchProcess, runtimeBinary } from './runtime-process.js'
import { runtimeSuite } from './runtime-suite.js'

runtimeSuite({
  client: 'binance-spot-ws in Deno',
  runtime: new RegExp(`^Deno ${installedVersion('deno').replaceAll('.', '\\.')}$`),
  launch: async ({ dir, file }, agentUrl) =>
    launchProcess(
      runtimeBinary('deno'),
      ['run', '--allow-net=127.0.0.1', '--no-prompt', file, agentUrl],
      dir,
    ),
})
