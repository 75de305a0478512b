// The public protocol surface: catalogue, enums, frames, signing, errors, results, events and weights.
export * from './enums.js'
export * from './envelope.js'
export * from './errors.js'
export * from './events.js'
export * from './methods.js'
export * from './results.js'
export * from './signing.js'
export * from './weight.js'
