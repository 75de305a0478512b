// The client in Bun (the `bun` npm package's binary).
import { installedVersion, launchProcess, runtimeBinary } from './runtime-process.js'
import { runtimeSuite } from './runtime-suite.js'

runtimeSuite({
  client: 'binance-spot-ws in Bun',
  runtime: new RegExp(`^Bun ${installedVersion('bun').replaceAll('.', '\\.')}$`),
  launch: async ({ dir, file }, agentUrl) => launchProcess(runtimeBinary('bun'), [file, agentUrl], dir),
})
