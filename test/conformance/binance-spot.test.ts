// Conformance: Binance's official `@binance/spot` connector, unmodified, runs the shared scenario with HMAC, RSA and Ed25519 keys.
import { vi } from 'vitest'
import { binanceSpot } from './adapters/binance-spot.js'
import { conformanceSuite } from './suite.js'

// The connector logs every connect and disconnect at info level through `console`; keep the test output readable.
vi.spyOn(console, 'info').mockImplementation(() => {})

conformanceSuite(binanceSpot)
