// docs/emulator-fidelity.md covers every DIGEST §3 checklist item and §6 ambiguity, and cites only tests that exist.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const record = readFileSync(join(root, 'docs/emulator-fidelity.md'), 'utf8')

/** DIGEST §3 checklist ids, copied from the spec digest: 158 items (its intro also names 3.4.2 as an example). */
const CHECKLIST_IDS = [
  '3.1.1 3.1.2 3.1.3 3.1.4 3.1.5 3.1.6 3.1.7 3.1.8 3.1.9 3.1.10 3.1.11',
  '3.2.1 3.2.2 3.2.3 3.2.4 3.2.5 3.2.6 3.2.7 3.2.8 3.2.9 3.2.10 3.2.11 3.2.12 3.2.13',
  '3.3.1 3.3.2 3.3.3 3.3.4 3.3.5 3.3.6 3.3.7 3.3.8 3.3.9',
  '3.4.1 3.4.2 3.4.3 3.4.4 3.4.5',
  '3.5.1 3.5.2 3.5.3 3.5.4 3.5.5 3.5.6 3.5.7',
  '3.6.1 3.6.2 3.6.3 3.6.4 3.6.5 3.6.6 3.6.7 3.6.8 3.6.9 3.6.10 3.6.11 3.6.12 3.6.13 3.6.14',
  '3.7.1 3.7.2 3.7.3 3.7.4 3.7.5 3.7.6 3.7.7',
  '3.8.1 3.8.2 3.8.3 3.8.4 3.8.5 3.8.6 3.8.7 3.8.8',
  '3.9.1 3.9.2 3.9.3 3.9.4 3.9.5 3.9.6 3.9.7',
  '3.10.1 3.10.2 3.10.3 3.10.4 3.10.5 3.10.6 3.10.7 3.10.8',
  '3.11.1 3.11.2 3.11.3 3.11.4 3.11.5 3.11.6 3.11.7 3.11.8 3.11.9',
  '3.12.1 3.12.2 3.12.3 3.12.4 3.12.5 3.12.6 3.12.7 3.12.8 3.12.9 3.12.10 3.12.11 3.12.12 3.12.13 3.12.14 3.12.15 3.12.16 3.12.17 3.12.18',
  '3.13.1 3.13.2 3.13.3 3.13.4 3.13.5 3.13.6',
  '3.14.1 3.14.2 3.14.3 3.14.4 3.14.5 3.14.6 3.14.7 3.14.8 3.14.9',
  '3.15.1 3.15.2 3.15.3 3.15.4 3.15.5 3.15.6 3.15.7',
  '3.16.1 3.16.2 3.16.3 3.16.4 3.16.5 3.16.6 3.16.7',
  '3.17.1 3.17.2 3.17.3 3.17.4 3.17.5 3.17.6 3.17.7 3.17.8 3.17.9 3.17.10 3.17.11 3.17.12 3.17.13',
]
  .join(' ')
  .split(' ')

/** DIGEST §6 ambiguity numbers A1…A60. */
const AMBIGUITY_IDS = Array.from({ length: 60 }, (_, i) => `A${i + 1}`)

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
  it('has the 158 checklist ids and 60 ambiguities of DIGEST, without duplicates', () => {
    expect(CHECKLIST_IDS).toHaveLength(158)
    expect(new Set(CHECKLIST_IDS).size).toBe(158)
    expect(AMBIGUITY_IDS).toHaveLength(60)
  })

  it('lists every checklist item once, in DIGEST order, with a covering column and a status', () => {
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
