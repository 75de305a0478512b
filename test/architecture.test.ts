// The layering of DESIGN.md and ARCHITECTURE.md: protocol imports nothing of ours; client and emulator never import
// each other; inside the emulator, engine ← exchange ← api, and only the exchange layer (and tests) see its state.
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
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
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

/**
 * The emulator's layers: each may import the ones listed (protocol aside), and its tests the whole emulator too
 * (src/emulator/index.ts starts it); the files at src/emulator/ put the layers together and import any.
 */
const LAYERS: Record<string, readonly string[]> = {
  engine: ['engine'],
  exchange: ['engine', 'exchange'],
  api: ['engine', 'exchange', 'api'],
}

/** `src/emulator/<layer>` of a path under src/emulator, or `src/emulator` for its top-level files. */
function emulatorLayer(path: string): string | undefined {
  const parts = relative(src, path).split(/[\\/]/)
  if (parts[0] !== 'emulator') return undefined
  return parts.length > 2 && parts[1]! in LAYERS ? parts[1] : 'emulator'
}

/** The exchange's state behind its facade: only the exchange layer and tests may import or reach it. */
const STATE_FILE = join(src, 'emulator', 'exchange', 'state.ts')

/** How `file` reaches the exchange's state, if it does: an import of state.ts, or a call of stateOf. */
function stateReaches(file: string, text: string): string[] {
  const found = importsOf(file, text)
    .filter(
      (spec) => spec.startsWith('.') && resolve(dirname(file), spec).replace(/\.js$/, '.ts') === STATE_FILE,
    )
    .map((spec) => `imports '${spec}'`)
  if (/\bstateOf\b/.test(text)) found.push('uses stateOf')
  return found
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

  it('the emulator layers import only the layers below them', () => {
    const violations: string[] = []
    for (const file of sourceFiles(join(src, 'emulator'))) {
      const layer = emulatorLayer(file)
      const own = layer === undefined ? undefined : LAYERS[layer]
      if (!own) continue
      const isTest = file.endsWith('.test.ts') || file.endsWith('.test-util.ts')
      const allowed = isTest ? [...own, 'emulator'] : own
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) {
          // No I/O below api/: the engine and the exchange import no package and no built-in.
          if (layer !== 'api' && !isTest) violations.push(`${relative(root, file)} imports '${spec}'`)
          continue
        }
        const to = emulatorLayer(resolve(dirname(file), spec))
        if (to !== undefined && !allowed.includes(to))
          violations.push(`${relative(root, file)} imports '${spec}'`)
      }
    }
    expect(violations).toEqual([])
  })

  it("only the exchange layer and tests reach the exchange's state", () => {
    const violations: string[] = []
    for (const file of sourceFiles(join(src, 'emulator'))) {
      const isTest = file.endsWith('.test.ts') || file.endsWith('.test-util.ts')
      if (isTest || emulatorLayer(file) === 'exchange') continue
      for (const how of stateReaches(file, readFileSync(file, 'utf8')))
        violations.push(`${relative(root, file)} ${how}`)
    }
    expect(violations).toEqual([])
  })

  it('the emulator rules can fail: a layer reaching up, an api file reaching the state', () => {
    const engineFile = join(src, 'emulator', 'engine', 'probe.ts')
    const apiFile = join(src, 'emulator', 'api', 'handlers', 'probe.ts')
    expect(emulatorLayer(resolve(dirname(engineFile), '../exchange/exchange.js'))).toBe('exchange')
    expect(LAYERS['engine']).not.toContain('exchange')
    expect(emulatorLayer(join(src, 'emulator', 'index.ts'))).toBe('emulator')
    expect(stateReaches(apiFile, "import { ExchangeState } from '../../exchange/state.js'")).toEqual([
      "imports '../../exchange/state.js'",
    ])
    expect(stateReaches(apiFile, 'const s = stateOf(ctx.exchange)')).toEqual(['uses stateOf'])
    expect(stateReaches(apiFile, "import { Exchange } from '../../exchange/exchange.js'")).toEqual([])
  })

  it('finds imports in the forms the rule depends on', () => {
    const probe = join(src, 'client', 'probe.ts')
    expect(target(probe, '../emulator/index.js')).toBe('src/emulator')
    expect(target(probe, './api.js')).toBe('src/client')
    expect(target(probe, 'ws')).toBe('ws')
  })

  it('the client has files to check', () => {
    expect(sourceFiles(join(src, 'client')).length).toBeGreaterThan(3)
    expect(sourceFiles(join(src, 'protocol')).length).toBeGreaterThan(3)
    for (const layer of Object.keys(LAYERS)) {
      expect(sourceFiles(join(src, 'emulator', layer)).length, layer).toBeGreaterThan(3)
    }
  })
})
