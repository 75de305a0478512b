// The replay report as a table to read: one block per account (totals in the valuation asset, then one row per
// symbol). The JSON (`replayReport`) holds the same figures and the equity curve.
import type { ReplayReport } from './report.js'

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** Rows of cells, columns padded to their widest cell; numbers (the cells after the first) right-aligned. */
function grid(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  )
}

/** The report as plain text lines (no colour), for a terminal or a `.txt` beside the JSON. */
export function reportTable(report: ReplayReport): string {
  const v = report.valuationAsset
  const lines = [
    `Replay report: ${iso(report.from)} to ${iso(report.to)}${report.done ? '' : ' (replay still running)'}`,
    `Valuation in ${v}; PnL by ${report.method}; prices are the tape's (replayed trades and fills).`,
  ]
  for (const a of report.accounts) {
    const fees = Object.entries(a.fees).map(([asset, fee]) => `${fee} ${asset}`)
    lines.push(
      '',
      `Account ${a.apiKey}`,
      ...grid([
        ['trades', String(a.trades)],
        [`volume (${v})`, a.quoteVolume],
        ['fees', fees.length ? fees.join(', ') : '0'],
        [
          `fees (${v})`,
          a.feesInValuation +
            (a.unpricedFeeAssets.length ? ` + unpriced ${a.unpricedFeeAssets.join(', ')}` : ''),
        ],
        [`realised PnL (${v})`, a.realisedPnl],
        [`unrealised PnL (${v})`, a.unrealisedPnl],
        [`net PnL (${v})`, a.netPnl],
        [`equity start → end (${v})`, `${a.startEquity} → ${a.endEquity}`],
        [`max drawdown (${v})`, `${a.maxDrawdown.amount} (${a.maxDrawdown.percent}%)`],
        ['max exposure', a.maxExposure],
      ]).map((l) => `  ${l}`),
    )
    if (a.trades === 0) continue
    lines.push(
      '',
      ...grid([
        [
          'symbol',
          'trades',
          'buys',
          'sells',
          'volume',
          'position',
          'avg cost',
          'last',
          'realised',
          'unrealised',
        ],
        ...a.symbols
          .filter((s) => s.trades > 0)
          .map((s) => [
            s.symbol,
            String(s.trades),
            String(s.buys),
            String(s.sells),
            s.volume,
            s.position,
            s.averageCost,
            s.lastPrice,
            s.realisedPnl,
            s.unrealisedPnl,
          ]),
      ]).map((l) => `  ${l}`),
    )
  }
  return `${lines.join('\n')}\n`
}
