// `replay.report`: the report written when the data ends — JSON at the path given, its table beside it (`.txt`).
import { accessSync, constants, writeFileSync } from 'node:fs'
import { dirname, extname } from 'node:path'
import type { ReplayReport } from './report.js'
import { reportTable } from './report-table.js'

/** Where the table goes: the JSON's path with `.txt` for its extension. */
export function tableFileOf(file: string): string {
  const ext = extname(file)
  return `${ext ? file.slice(0, -ext.length) : file}.txt`
}

/** Refuses, before anything is served, a report path whose directory cannot be written. */
export function checkReportFile(file: string): void {
  try {
    accessSync(dirname(file), constants.W_OK)
  } catch (err) {
    throw new TypeError(`replay.report: cannot write ${file} (${(err as NodeJS.ErrnoException).code})`)
  }
}

/** Writes the report's JSON to `file` and its table beside it. */
export function writeReport(file: string, report: ReplayReport): void {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  writeFileSync(tableFileOf(file), reportTable(report))
}
