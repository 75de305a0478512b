// The client in a module Web Worker of headless Chromium: a Worker-style runtime (no DOM, no window).
import { launchInChromium } from './browser-launch.js'
import { runtimeSuite } from './runtime-suite.js'

runtimeSuite({
  client: 'binance-spot-ws in a Chromium Web Worker',
  runtime: /^Worker Mozilla\/5\.0 .* HeadlessChrome\/\d+/,
  launch: ({ dir }, agentUrl) => launchInChromium('worker', dir, agentUrl),
})
