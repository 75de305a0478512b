// The data drives a replay's clock: moves of it are refused (in-process and over /control/, as `reset` is), and
// the replay itself never takes it back, even when the clock is ahead of the data.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/emulator/index.js'
import { RawStreams } from '../../support/raw-streams.js'
import { generateTrades, tradesCsv, writeZip } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-clock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const MARCH_1 = Date.UTC(2025, 2, 1) * 1000
const HOUR_MS = 3_600_000
/** 200 trades over about 20 s of data. */
const trades = generateTrades(200, MARCH_1, 100_000)
const path = join(dir, 'BTCUSDT-trades-2025-03-01.zip')
writeZip(path, { 'BTCUSDT-trades-2025-03-01.csv': tradesCsv(trades) })
const firstMs = Math.floor(trades[0]!.time / 1000)

describe('a replay’s clock', () => {
  it('refuses clock.set and clock.advance, in-process and over /control/, and stays at the data time', async () => {
    // Held at the first trade until a client connects: the refusals are tried while the replay feeds the market.
    const ex = await startEmulator({ replay: { files: [path], waitForClients: 1 }, control: true, ui: false })
    try {
      expect(() => ex.clock.advance(HOUR_MS)).toThrow(
        new RangeError(
          "clock.advance: a replay drives the clock (the data's times); start the emulator again instead",
        ),
      )
      expect(() => ex.clock.set(firstMs + HOUR_MS)).toThrow(/^clock\.set: a replay drives the clock/)
      const post = async (route: string, params: object) => {
        const res = await fetch(`http://127.0.0.1:${ex.port}/control/${route}`, {
          method: 'POST',
          body: JSON.stringify(params),
        })
        return { status: res.status, body: await res.json() }
      }
      expect(await post('clock/advance', { ms: HOUR_MS })).toEqual({
        status: 400,
        body: {
          error: {
            code: 'REJECTED',
            msg: "clock.advance: a replay drives the clock (the data's times); start the emulator again instead",
          },
        },
      })
      expect(await post('clock/set', { time: firstMs + HOUR_MS })).toMatchObject({
        status: 400,
        body: {
          error: { code: 'REJECTED', msg: expect.stringMatching(/^clock\.set: a replay drives the clock/) },
        },
      })
      expect(await post('reset', {})).toMatchObject({ status: 400, body: { error: { code: 'REJECTED' } } })
      expect(ex.clock.now()).toBe(firstMs)
      const s = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@trade`)
      await ex.replay?.done
      expect(ex.clock.now()).toBe(Math.floor(trades[trades.length - 1]!.time / 1000))
      await s.close()
    } finally {
      await ex.close()
    }
  })

  it('is never taken back by the data: a clock source that ran ahead of it keeps its time', async () => {
    let source = 0
    const replay = { files: [path], waitForClients: 1 }
    const ex = await startEmulator({ now: () => source, replay, liquidity: false })
    try {
      expect(ex.clock.now()).toBe(firstMs)
      // The source runs an hour ahead of the data while the replay holds it at its first trade.
      source = HOUR_MS
      const s = await RawStreams.open(`${ex.streams.url}/ws/btcusdt@trade`)
      await ex.replay?.done
      expect(ex.replay?.progress()).toMatchObject({ trades: 200, done: true })
      expect(ex.clock.now()).toBe(firstMs + HOUR_MS)
      await s.close()
    } finally {
      await ex.close()
    }
  })
})
