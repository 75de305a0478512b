// Defaults shared by the commands: where `emulator` listens and where `call` connects.

/** The port `binance-spot-ws emulator` listens on unless told otherwise. */
export const DEFAULT_PORT = 8090
export const DEFAULT_HOST = '127.0.0.1'
/** `call`'s endpoint: the emulator started with its defaults. */
export const DEFAULT_WS_URL = `ws://${DEFAULT_HOST}:${DEFAULT_PORT}/ws-api/v3`
