// docs/emulator-fidelity.md covers every checklist item and ambiguity of test/fixtures/fidelity-checklist.json, and
// cites only tests that exist.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const record = readFileSync(join(root, 'docs/emulator-fidelity.md'), 'utf8')

/** The checklist ids and the number of ambiguities the record must cover (see the fixture's `about`). */
const fixture = JSON.parse(readFileSync(join(root, 'test/fixtures/fidelity-checklist.json'), 'utf8')) as {
  checklist: string[]
  ambiguities: number
}
const CHECKLIST_IDS = fixture.checklist
const AMBIGUITY_IDS = Array.from({ length: fixture.ambiguities }, (_, i) => `A${i + 1}`)

const STATUS = /^(tested\b.*|partial: .+|not supported: .+)$/

/** The text of the record between `## <title>` and the next `## ` heading. */
function section(title: string): string {
  const start = record.indexOf(`\n## ${title}`)
  if (start < 0) throw new Error(`no section "${title}"`)
  const end = record.indexOf('\n## ', start + 1)
  return record.slice(start, end < 0 ? undefined : end)
}

/** The cells of the table rows of `text` whose first cell is `id`. */
function rows(text: string, id: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`| ${id} |`))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
}

/** Every `` `file` › «test name» `` citation of `text`. */
function citationsOf(text: string): { file: string; name: string }[] {
  return [...text.matchAll(/`([^`\s]+\.test\.ts)` › «([^»]+)»/g)].map((m) => ({
    file: m[1] ?? '',
    name: m[2] ?? '',
  }))
}

/** The citations of `text` whose file does not exist or does not contain the test name. */
function missingCitations(text: string): { file: string; name: string }[] {
  return citationsOf(text).filter(({ file, name }) => {
    const path = join(root, file)
    if (!existsSync(path)) return true
    return !readFileSync(path, 'utf8').replaceAll("\\'", "'").includes(name)
  })
}

describe('docs/emulator-fidelity.md', () => {
  it('has the 158 checklist ids and 60 ambiguities of the fixture, without duplicates', () => {
    expect(CHECKLIST_IDS).toHaveLength(158)
    expect(new Set(CHECKLIST_IDS).size).toBe(158)
    expect(AMBIGUITY_IDS).toHaveLength(60)
  })

  it("lists every checklist item once, in the fixture's order, with a covering column and a status", () => {
    const checklist = section('Checklist (DIGEST §3)')
    const order = checklist
      .split('\n')
      .map((line) => /^\| (3\.\d+\.\d+) \|/.exec(line)?.[1])
      .filter((id) => id !== undefined)
    expect(order).toEqual(CHECKLIST_IDS)
    for (const id of CHECKLIST_IDS) {
      const [row] = rows(checklist, id)
      expect(row, id).toHaveLength(4)
      expect(row?.[2], `${id} covered by`).not.toBe('')
      expect(row?.[3], `${id} status`).toMatch(STATUS)
    }
  })

  it('states the counts of its own statuses', () => {
    const checklist = section('Checklist (DIGEST §3)')
    const statuses = CHECKLIST_IDS.map((id) => rows(checklist, id)[0]?.[3] ?? '')
    const count = (prefix: string) => statuses.filter((s) => s.startsWith(prefix)).length
    const stated = /(\d+) checklist items — (\d+) `tested`, (\d+) `partial`, (\d+) `not supported`/.exec(
      record,
    )
    expect(stated?.slice(1).map(Number)).toEqual([
      CHECKLIST_IDS.length,
      count('tested'),
      count('partial'),
      count('not supported'),
    ])
  })

  it('documents every ambiguity A1…A60 with the issue, the choice and where', () => {
    const ambiguities = section('Ambiguities (DIGEST §6)')
    for (const id of AMBIGUITY_IDS) {
      const found = rows(ambiguities, id)
      expect(found, id).toHaveLength(1)
      for (const cell of found[0]?.slice(1) ?? []) expect(cell, id).not.toBe('')
    }
  })

  it('cites only test files that exist and test names they contain', () => {
    expect(citationsOf(record).length).toBeGreaterThan(150)
    expect(missingCitations(record)).toEqual([])
  })

  it('the citation check can fail: a renamed test or a missing file is caught', () => {
    const renamed = '`src/emulator/orders.test.ts` › «rests a MARKET order»'
    const gone = '`test/no-such.test.ts` › «anything»'
    const real =
      '`src/emulator/orders.test.ts` › «fills a MARKET order against resting makers with FULL fills»'
    expect(missingCitations(`${renamed}; ${gone}; ${real}`)).toEqual([
      { file: 'src/emulator/orders.test.ts', name: 'rests a MARKET order' },
      { file: 'test/no-such.test.ts', name: 'anything' },
    ])
  })

  it('links the area records it builds on', () => {
    for (const area of [
      'A-orders.md',
      'B-order-lists.md',
      'C-market-filters-commission-sor.md',
      'D-server-sessions-limits.md',
    ]) {
      expect(record).toContain(`(fidelity/${area})`)
      expect(existsSync(join(root, 'docs/fidelity', area)), area).toBe(true)
    }
  })
})
