// Conformance: this package's client runs the shared scenario with HMAC, RSA and Ed25519 keys.
import { ours } from './adapters/ours.js'
import { conformanceSuite } from './suite.js'

conformanceSuite(ours)
