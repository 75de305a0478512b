// Builds the emulator's dashboard (src/ui/) into a folder: index.html, style.css and app.js (the page's script and
// lightweight-charts bundled and minified by esbuild). `npm run build` writes dist/ui/, where the emulator serves it
// from (`/ui/`); `node scripts/dashboard.mjs <folder>` writes elsewhere (the dashboard test builds a copy of its own).
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'src', 'ui')
const outdir = resolve(process.argv[2] ?? join(root, 'dist', 'ui'))

mkdirSync(outdir, { recursive: true })
for (const file of ['index.html', 'style.css']) copyFileSync(join(source, file), join(outdir, file))
await build({
  entryPoints: [join(source, 'app.ts')],
  outfile: join(outdir, 'app.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'eof',
  logLevel: 'warning',
})
console.log(`dashboard: ${outdir} (app.js ${Math.round(statSync(join(outdir, 'app.js')).size / 1024)} KB)`)
