import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { API_ERRORS, apiError, ME_MESSAGES } from './errors.js'

const here = dirname(fileURLToPath(import.meta.url))
const SPEC = resolve(here, '../../spec')
const specText = (file: string) => readFileSync(resolve(SPEC, file), 'utf8')

/** Markdown code spans and the `{param}` placeholder, as the table writes them. */
const plain = (s: string) => s.replaceAll('`', '').replaceAll('{param}', '%s')
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const errorsMd = plain(specText('errors.md'))
const corpus = [errorsMd, plain(specText('web-socket-api.md')), plain(specText('faqs/stp_faq.md'))].join('\n')

/** FIX-only and SBE-only codes: the JSON WebSocket API never sends them. */
const NOT_WS_API = new Set([
  -1033, -1035, -1152, -1153, -1155, -1161, -1169, -1170, -1171, -1172, -1173, -1174, -1175, -1176, -1177,
  -1178, -1179, -1180, -1181, -1183, -1184, -1185, -1186, -1187, -1188, -1189, -1190, -1221,
])

/** The codes of errors.md, one `### -1000 UNKNOWN` heading each. */
const specCodes = [...errorsMd.matchAll(/^### (-\d+) [A-Z_]+\s*$/gm)].map((m) => Number(m[1]))

function meMessagesOfSpec(): string[] {
  const start = errorsMd.indexOf('Messages for -1010')
  const end = errorsMd.indexOf('## Errors regarding placing orders via cancelReplace')
  const rows = errorsMd
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('"') || /^\| [A-Z]/.test(l))
  return rows.flatMap((row) => {
    const cell = (row.startsWith('|') ? row.split('|')[1] : row.split('|')[0]) ?? ''
    const quoted = [...cell.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '')
    return quoted.length > 0 ? quoted : [cell.replace(/^"/, '').trim()]
  })
}

describe('API_ERRORS', () => {
  it('uses only messages printed in the spec', () => {
    for (const [key, def] of Object.entries(API_ERRORS)) {
      const pattern = new RegExp(escapeRegExp(def.msg).replaceAll('%s', '.+?'))
      expect(pattern.test(corpus), `${key}: ${def.msg}`).toBe(true)
    }
  })

  it('covers every WS API error code of errors.md', () => {
    const codes = new Set<number>(Object.values(API_ERRORS).map((d) => d.code))
    expect(specCodes.length).toBeGreaterThanOrEqual(100)
    const missing = specCodes.filter((code) => !NOT_WS_API.has(code) && !codes.has(code))
    expect(missing).toEqual([])
    for (const code of [-1010, -2021, -2022, -2038]) expect(codes.has(code), String(code)).toBe(true)
  })

  it('has one key per variant: no two keys with the same code, message and status', () => {
    const seen = new Set(Object.values(API_ERRORS).map((d) => `${d.code} ${d.status} ${d.msg}`))
    expect(seen.size).toBe(Object.keys(API_ERRORS).length)
  })

  it('uses the statuses of the spec', () => {
    expect(API_ERRORS.TOO_MUCH_WEIGHT.status).toBe(429)
    expect(API_ERRORS.IP_BANNED.status).toBe(418)
    expect(API_ERRORS.TOO_MANY_ORDERS.status).toBe(429)
    expect(API_ERRORS.CANCEL_REPLACE_PARTIALLY_FAILED.status).toBe(409)
    expect(API_ERRORS.REJECTED_MBX_KEY.status).toBe(401)
    expect(API_ERRORS.BAD_API_KEY_FMT.status).toBe(401)
    expect(API_ERRORS.TIMEOUT.status).toBeGreaterThanOrEqual(500)
    for (const def of Object.values(API_ERRORS))
      expect([400, 401, 409, 418, 429, 500, 503]).toContain(def.status)
  })
})

describe('apiError', () => {
  it('fills each %s in order', () => {
    expect(apiError('MANDATORY_PARAM', 'symbol')).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
    })
    expect(apiError('TOO_MANY_ORDERS', 50, '10 SECOND').msg).toBe(
      'Too many new orders; current limit is 50 orders per 10 SECOND.',
    )
    expect(apiError('NEW_ORDER_REJECTED', ME_MESSAGES.INSUFFICIENT_BALANCE)).toEqual({
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    })
  })
})

describe('ME_MESSAGES', () => {
  const ours = new Set<string>(Object.values(ME_MESSAGES))

  it('lists every matching-engine message of errors.md, without markdown', () => {
    const spec = meMessagesOfSpec()
    expect(spec.length).toBeGreaterThanOrEqual(40)
    expect(spec.filter((m) => !ours.has(m))).toEqual([])
    for (const m of ours) expect(m).not.toContain('`')
  })

  it('lists nothing else', () => {
    const spec = new Set(meMessagesOfSpec())
    expect([...ours].filter((m) => !spec.has(m))).toEqual([])
  })
})
