// Builds the browser example (examples/browser/) into a folder: index.html, style.css and app.js, the page's script
// bundled by esbuild with the client's web entry, as a browser bundler gets it from the package's export conditions.
// `npm run build` writes dist/ui/example/, where the emulator's dashboard serves it from (`/ui/example/`)
// (`node scripts/browser-example.mjs <folder>` writes elsewhere; the browser test builds a copy of its own).
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'examples', 'browser')

/** Writes the page into `outdir`; resolves once written. */
async function buildBrowserExample(outdir) {
  mkdirSync(outdir, { recursive: true })
  for (const file of ['index.html', 'style.css']) copyFileSync(join(source, file), join(outdir, file))
  await build({
    entryPoints: [join(source, 'app.ts')],
    outfile: join(outdir, 'app.js'),
    alias: { 'binance-spot-ws': join(root, 'src', 'client', 'web.ts') },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  })
}

const outdir = resolve(process.argv[2] ?? join(root, 'dist', 'ui', 'example'))
await buildBrowserExample(outdir)
console.log(`browser example: ${outdir}`)
