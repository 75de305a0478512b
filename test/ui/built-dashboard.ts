// The dashboard as `npm run build` bundles it, into a fresh folder: the emulator options that serve it from there
// (with the control API on), and the folder's removal.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface BuiltDashboard {
  readonly folder: string
  readonly options: { readonly control: true; readonly ui: true; readonly uiFiles: string }
  remove(): void
}

export function buildDashboard(prefix = 'bsw-dashboard-'): BuiltDashboard {
  const folder = mkdtempSync(join(tmpdir(), prefix))
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'dashboard.mjs'), folder])
  return {
    folder,
    options: { control: true, ui: true, uiFiles: folder },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  }
}
