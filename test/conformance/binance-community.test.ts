// Conformance: the community `binance` package, unmodified, runs the shared scenario with HMAC, RSA and Ed25519 keys.
import { vi } from 'vitest'
import { binanceCommunity } from './adapters/binance-community.js'
import { conformanceSuite } from './suite.js'

// After `userDataStream.unsubscribe` the server sends `eventStreamTerminated` (as Binance does); the package has
// already forgotten the subscription and warns through `console.warn`. Only that warning is dropped.
const warn = console.warn.bind(console)
vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
  if (String(args[0]).startsWith('Received eventStreamTerminated message for a wsKey')) return
  warn(...args)
})

conformanceSuite(binanceCommunity)
