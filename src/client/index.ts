// Public entry of `binance-spot-ws` on Node: the client on the `ws` package (with write batching) and synchronous
// node:crypto signing. Other runtimes get web.ts, which exports the same names.
import { nodePlatform } from './node-platform.js'
import { usePlatform } from './platform.js'

usePlatform(nodePlatform)

export * from './web.js'
