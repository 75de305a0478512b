// The layering of DESIGN.md: protocol imports nothing of ours; client and emulator never import each other.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs: string[] = []
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g))
    specs.push(m[1]!)
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!)
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!)
  return specs
}

/** The part (`protocol`, `client`, …) a specifier resolves into, or the package/built-in name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec
  const rel = relative(src, resolve(dirname(file), spec))
  return rel.startsWith('..') ? `outside:${rel}` : `src/${rel.split(/[\\/]/)[0]}`
}

const RUNTIME_OK = (t: string) => t === 'ws' || t.startsWith('node:')
const TEST_OK = (t: string) => RUNTIME_OK(t) || t === 'vitest' || t === 'fast-check'

const rules: Record<string, { parts: string[]; pure?: boolean }> = {
  protocol: { parts: ['src/protocol'], pure: true },
  client: { parts: ['src/protocol', 'src/client'] },
  emulator: { parts: ['src/protocol', 'src/emulator'] },
  cli: { parts: ['src/protocol', 'src/client', 'src/emulator', 'src/cli'] },
}

describe('architecture', () => {
  for (const [part, rule] of Object.entries(rules)) {
    it(`${part}/ imports only what DESIGN allows`, () => {
      const files = (() => {
        try {
          return sourceFiles(join(src, part))
        } catch {
          return []
        }
      })()
      const violations: string[] = []
      for (const file of files) {
        const isTest = file.endsWith('.test.ts') || file.endsWith('.test-util.ts')
        for (const spec of importsOf(file)) {
          const t = target(file, spec)
          const ok = t.startsWith('src/')
            ? rule.parts.includes(t)
            : rule.pure
              ? t === 'node:crypto' || (isTest && TEST_OK(t))
              : isTest
                ? TEST_OK(t)
                : RUNTIME_OK(t)
          if (!ok) violations.push(`${relative(root, file)} imports '${spec}'`)
        }
      }
      expect(violations).toEqual([])
    })
  }

  it('finds imports in the forms the rule depends on', () => {
    const probe = join(src, 'client', 'probe.ts')
    expect(target(probe, '../emulator/index.js')).toBe('src/emulator')
    expect(target(probe, './api.js')).toBe('src/client')
    expect(target(probe, 'ws')).toBe('ws')
  })

  it('the client has files to check', () => {
    expect(sourceFiles(join(src, 'client')).length).toBeGreaterThan(3)
    expect(sourceFiles(join(src, 'protocol')).length).toBeGreaterThan(3)
  })
})
