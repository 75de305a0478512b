// The client in a page of headless Chromium (Debian's chromium, driven by playwright-core).
import { launchInChromium } from './browser-launch.js'
import { runtimeSuite } from './runtime-suite.js'

runtimeSuite({
  client: 'binance-spot-ws in Chromium',
  runtime: /^Page Mozilla\/5\.0 .* HeadlessChrome\/\d+/,
  launch: ({ dir }, agentUrl) => launchInChromium('page', dir, agentUrl),
})
