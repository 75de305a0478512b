// The replay report as a table to read: one block per account (totals in the valuation asset, then one row per
// symbol). The JSON (`replayReport`) holds the same figures and the equity curve.
import { formatUnits } from '../engine/decimal.js'
import type { AccountReport, ReplayReport } from './report.js'

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

/** A decimal fraction as a percentage, to 4 places at most (`0.21000000` → `21.0000%`, `1.0000` → `100.00%`). */
function percent(fraction: string | null): string {
  if (fraction === null) return 'n/a'
  const scale = fraction.length - fraction.indexOf('.') - 3
  return `${formatUnits(BigInt(fraction.replace('.', '')), scale, Math.min(4, scale))}%`
}

/** A duration in ms as `2h 5m 0s`. */
function duration(ms: number): string {
  const s = Math.floor(ms / 1000)
  return `${Math.floor(s / 3600)}h ${Math.floor(s / 60) % 60}m ${s % 60}s`
}

/** The rows a backtest is read by first: returns, ratios, the longest drawdown, trading activity. */
function performanceRows(a: AccountReport): string[][] {
  const d = a.longestDrawdown
  const trips = `${a.roundTrips} round trip${a.roundTrips === 1 ? '' : 's'}`
  return [
    ['total return', percent(a.totalReturn)],
    ['Sharpe (hourly, annualised)', a.sharpe ?? 'n/a'],
    ['Sortino (hourly, annualised)', a.sortino ?? 'n/a'],
    ['longest drawdown', `${duration(d.duration)}${d.recovered ? '' : ' (not recovered)'}`],
    [
      'closing trades won',
      `${a.winningTrades} of ${a.closingTrades}${a.winRate === null ? '' : ` (${percent(a.winRate)})`}, ${trips}`,
    ],
    ['turnover', a.turnover ?? 'n/a'],
  ]
}

/** The report as plain text lines (no colour), for a terminal or a `.txt` beside the JSON. */
export function reportTable(report: ReplayReport): string {
  const v = report.valuationAsset
  const lines = [
    `Replay report: ${iso(report.from)} to ${iso(report.to)}${report.done ? '' : report.stopped ? ' (stopped before the data ended)' : ' (replay still running)'}`,
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
        ...performanceRows(a),
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
