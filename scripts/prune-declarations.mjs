// After the declarations pass: deletes the .d.ts files no entry point's types can reach (engine internals, handlers,
// the CLI), so the package ships the types its users can name and nothing else. Entry points: package.json exports.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const entries = Object.values(pkg.exports)
  .map((e) => (typeof e === 'object' && e.types ? resolve(root, e.types) : undefined))
  .filter((f) => f !== undefined)

// Relative module specifiers in `from '…'`, `import('…')` and `/// <reference path="…" />`.
const SPECIFIER = /(?:from\s+|import\(\s*)['"](\.{1,2}\/[^'"]+)['"]|<reference\s+path=['"]([^'"]+)['"]/g

const reached = new Set()
const todo = [...entries]
while (todo.length > 0) {
  const file = todo.pop()
  if (reached.has(file)) continue
  if (!existsSync(file)) throw new Error(`prune-declarations: ${file} is referenced but missing`)
  reached.add(file)
  for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2]
    todo.push(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')))
  }
}

let removed = 0
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else if (entry.name.endsWith('.d.ts') && !reached.has(path)) {
      rmSync(path)
      removed++
    }
  }
}
walk(dist)
console.log(`prune-declarations: kept ${reached.size} declaration files, removed ${removed}`)
