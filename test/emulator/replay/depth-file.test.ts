// Depth snapshots files (docs/replay.md "Depth snapshots"): symbol and kind from the name, both line forms read
// into units, and every kind of bad input refused naming the file and the line, before anything is served.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../../src/emulator/index.js'
import { identifyFile } from '../../../src/emulator/replay/file-name.js'
import { readReplayFile } from '../../../src/emulator/replay/read-replay-file.js'
import { depthLine, tradesCsv } from './binance-files.js'

const dir = mkdtempSync(join(tmpdir(), 'replay-depth-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
/** BTCUSDT as the default symbols list it: price 10^-2 with a 0.05 tick here, quantity 10^-5. */
const scalesOf = (symbol: string) =>
  symbol === 'BTCUSDT' ? { priceScale: 2, qtyScale: 5, tick: 5 } : undefined
const T = Date.UTC(2025, 2, 1)
const GOOD = depthLine(T, [['60000.00', '1.5']], [['60000.05', '0.25']])

function write(name: string, lines: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

describe('depth snapshots files', () => {
  it('take symbol and kind from the name; CSV-only kinds are not depth', () => {
    expect(identifyFile('/d/BTCUSDT-depth-2025-03-01.jsonl')).toEqual({ symbol: 'BTCUSDT', kind: 'depth' })
    expect(identifyFile('BTCUSDT-depth-2025-03.jsonl.gz')).toEqual({ symbol: 'BTCUSDT', kind: 'depth' })
    expect(identifyFile('BTCUSDT-trades-2025-03-01.jsonl')).toBeUndefined()
    expect(identifyFile('BTCUSDT-depth-2025-03-01.zip')).toBeUndefined()
  })

  it('read the API answer and the recorded stream frame into units, in time order', async () => {
    const frame = JSON.stringify({
      stream: 'btcusdt@depth5@100ms',
      data: { lastUpdateId: 2, bids: [['59999.95', '0.1']], asks: [] },
      T: T + 100,
    })
    const data = await readReplayFile(
      { path: write('BTCUSDT-depth-2025-03-01.jsonl', [GOOD, '', frame]) },
      scalesOf,
    )
    expect(data).toMatchObject({
      kind: 'depth',
      symbol: 'BTCUSDT',
      depth: {
        time: [T, T + 100],
        books: [
          { bids: [[6_000_000, 150_000]], asks: [[6_000_005, 25_000]] },
          { bids: [[5_999_995, 10_000]], asks: [] },
        ],
      },
    })
  })

  it.each([
    ['not JSON', ['{"T":'], 1, 'not a JSON object'],
    ['no time', [GOOD, '{"lastUpdateId":1,"bids":[],"asks":[]}'], 2, '"T" (ms since the epoch) is missing'],
    ['no bids', [JSON.stringify({ lastUpdateId: 1, asks: [], T })], 1, '"bids" is missing or not an array'],
    ['no lastUpdateId', [JSON.stringify({ bids: [], asks: [], T })], 1, '"lastUpdateId" is missing'],
    [
      'a number for a price',
      [JSON.stringify({ lastUpdateId: 1, bids: [[60000, '1']], asks: [], T })],
      1,
      'bids[0]: price 60000 is not a decimal string',
    ],
    [
      'unsorted times',
      [GOOD, depthLine(T - 1, [], [])],
      2,
      `time ${T - 1} is before the previous snapshot's (${T})`,
    ],
    ['a crossed book', [depthLine(T, [['60000.05', '1']], [['60000.05', '1']])], 1, 'crossed book'],
    [
      'unsorted levels',
      [
        depthLine(
          T,
          [
            ['60000.00', '1'],
            ['60000.05', '1'],
          ],
          [],
        ),
      ],
      1,
      'bids[1]: bids are not in falling price order',
    ],
    [
      'a price off the tick size',
      [GOOD, depthLine(T + 1, [], [['60000.01', '1']])],
      2,
      'asks[0]: price 60000.01 is off the tick size',
    ],
    [
      'too many decimals',
      [depthLine(T, [['60000.00', '0.000001']], [])],
      1,
      'bids[0]: quantity 0.000001 has more than 5 decimals',
    ],
    [
      'a zero quantity',
      [depthLine(T, [['60000.00', '0']], [])],
      1,
      'bids[0]: price and quantity must be > 0',
    ],
    [
      'another symbol’s stream',
      [JSON.stringify({ stream: 'ethusdt@depth5', data: { lastUpdateId: 1, bids: [], asks: [] }, T })],
      1,
      'stream ethusdt@depth5 is not of BTCUSDT',
    ],
  ])('refuse %s, naming the file and the line', async (_, lines, line, why) => {
    const path = write('BTCUSDT-depth-2025-03-02.jsonl', lines as string[])
    await expect(readReplayFile({ path }, scalesOf)).rejects.toThrow(`${path}:${line}: ${why}`)
  })

  it('refuse an unknown symbol and an empty file, naming the file', async () => {
    const unknown = write('XYZUSDT-depth-2025-03-01.jsonl', [GOOD])
    await expect(readReplayFile({ path: unknown }, scalesOf)).rejects.toThrow(
      `${unknown}: unknown symbol XYZUSDT`,
    )
    const empty = write('BTCUSDT-depth-2025-03-03.jsonl', [''])
    await expect(readReplayFile({ path: empty }, scalesOf)).rejects.toThrow(`${empty}: no snapshot`)
  })

  it('are refused before anything is served, with the emulator’s scales, and without trades of their symbol', async () => {
    const trades = join(dir, 'BTCUSDT-trades-2025-03-01.csv')
    writeFileSync(
      trades,
      tradesCsv([{ id: 1, price: '60000.00', qty: '0.01', time: T * 1000, buyerIsMaker: false }]),
    )
    // BTCUSDT's tick in the default symbols is 0.01: a price with 3 decimals is off it.
    const offTick = write('BTCUSDT-depth-2025-03-04.jsonl', [depthLine(T, [['60000.001', '1']], [])])
    await expect(startEmulator({ replay: { files: [trades, offTick] } })).rejects.toThrow(
      `${offTick}:1: bids[0]`,
    )
    const alone = write('BTCUSDT-depth-2025-03-05.jsonl', [GOOD])
    const eth = join(dir, 'ETHUSDT-trades-2025-03-01.csv')
    writeFileSync(
      eth,
      tradesCsv([{ id: 1, price: '3000.00', qty: '0.01', time: T * 1000, buyerIsMaker: false }]),
    )
    await expect(startEmulator({ replay: { files: [eth, alone] } })).rejects.toThrow(
      `${alone}: no trades, aggTrades or klines file of BTCUSDT to replay it with`,
    )
  })
})
