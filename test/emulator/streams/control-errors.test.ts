// Every row of «Error Messages» in spec/web-socket-streams.md, read from the document: a control request that
// provokes it gets that code and that message, as the `error` of a frame that echoes the id when it parsed
// (docs/emulator-fidelity.md, WebSocket Streams), and the connection keeps serving.
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LIQUID_MARKET, perFile, startTraders } from '../../support/exchange.js'
import { RawStreams } from '../../support/raw-streams.js'

const DOC = readFileSync(resolve(import.meta.dirname, '../../../spec/web-socket-streams.md'), 'utf8')

interface Row {
  readonly code: number
  /** The documented message; `%s` stands for a value of the request. */
  readonly msg: string
  readonly description: string
}

/** The rows of the «Error Messages» table. */
function documentedErrors(): Row[] {
  const table = DOC.slice(DOC.indexOf('### Error Messages'), DOC.indexOf('# Detailed Stream information'))
  return [...table.matchAll(/^\{"code": ?(\d+), ?"msg": ?"(.*?)"(?:, ?"id": ?%s)?\} ?\| ?(.*)$/gm)].map(
    (m) => ({
      code: Number(m[1]),
      msg: m[2] ?? '',
      description: (m[3] ?? '').trim(),
    }),
  )
}

/** `{"params":[…],"id":<digits>}` without a method, padded through its id to `length` characters. */
function withoutMethod(length: number): string {
  const head = '{"params": ["btcusdt@aggTrade", "btcusdt@depth"], "id": 1'
  return `${head}${'0'.repeat(length - head.length - 1)}}`
}

/** A request provoking each documented row, by the row's description, and the id its answer echoes. */
const REQUESTS: Record<string, { text: string; id?: number }> = {
  'Parameter used in the `SET_PROPERTY` or `GET_PROPERTY` was invalid': {
    text: '{"method": "GET_PROPERTY", "params": ["merged"], "id": 11}',
    id: 11,
  },
  'Value should only be `true` or `false`': {
    text: '{"method": "SET_PROPERTY", "params": ["combined", 1], "id": 12}',
    id: 12,
  },
  'Property name provided was invalid': {
    text: '{"method": "SET_PROPERTY", "params": [true, true], "id": 13}',
    id: 13,
  },
  'Parameter `id` had to be provided or the value provided in the `id` parameter is an unsupported type': {
    text: '{"method": "LIST_SUBSCRIPTIONS", "id": 1.5}',
  },
  // The method's string ends at column 27, as in the documented message.
  'Possible typo in the provided method or provided method was neither of the expected values': {
    text: '{"method": "LIST_SUBSCRIBE", "id": 14}',
  },
  'Unnecessary parameters provided in the data': {
    text: '{"method": "LIST_SUBSCRIPTIONS", "params": ["btcusdt@trade"], "id": 15}',
    id: 15,
  },
  'Property name was not provided': { text: '{"method": "GET_PROPERTY", "id": 16}', id: 16 },
  // 73 characters, as in the documented message.
  '`method` was not provided in the data': { text: withoutMethod(73) },
  'JSON data sent has incorrect syntax.': {
    text: '{"method": "SUBSCRIBE", "params": [btcusdt@trade], "id": 17}',
  },
}

const t = perFile(() => startTraders(LIQUID_MARKET))

/** The documented message as a pattern: `%s` is any value. */
const pattern = (msg: string) =>
  new RegExp(`^${msg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%s/g, '.+?')}$`)

describe('stream control errors, as spec/web-socket-streams.md lists them', () => {
  it('the test has a request for every documented row', () => {
    const rows = documentedErrors()
    expect(rows.length).toBeGreaterThanOrEqual(9)
    expect(rows.map((r) => r.description).sort()).toEqual(Object.keys(REQUESTS).sort())
  })

  it('each request gets its row: {"error": {code, msg}, "id"}; the connection answers afterwards', async () => {
    const rows = documentedErrors()
    // Three requests and one check per connection keep inside the limit of 5 incoming messages a second.
    for (let i = 0; i < rows.length; i += 3) {
      const s = await RawStreams.open(`${t.ex.streams.url}/ws`)
      for (const row of rows.slice(i, i + 3)) {
        const request = REQUESTS[row.description]
        if (!request) throw new Error(`no request for «${row.description}»`)
        s.ws.send(request.text)
        const frame = (await s.next((f) => 'error' in f)) as { error: { code: number; msg: string } }
        expect(frame, row.description).toEqual(
          request.id === undefined ? { error: frame.error } : { error: frame.error, id: request.id },
        )
        expect(frame.error.code, row.description).toBe(row.code)
        expect(frame.error.msg, row.description).toMatch(pattern(row.msg))
      }
      expect(await s.control('LIST_SUBSCRIPTIONS')).toEqual({ result: [], id: 1 })
      await s.close()
    }
  })
})

describe('stream request ids', () => {
  it('echoes an integer, an alphanumeric string, a UUID (as the official Python, Java and Go SDKs send) and null', async () => {
    const s = await RawStreams.open(`${t.ex.streams.url}/ws`)
    for (const id of [7, 'abc123', 'ef855d37-1d56-4947-bffd-088c8bc4797b', null]) {
      s.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }))
      expect(await s.next((f) => 'result' in f || 'error' in f)).toEqual({ result: [], id })
    }
    await s.close()
    // Longer than 36 characters, or with characters beyond letters, digits and hyphens: refused (a second connection:
    // 5 messages a second each).
    const r = await RawStreams.open(`${t.ex.streams.url}/ws`)
    for (const id of ['x'.repeat(37), 'a b']) {
      r.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id }))
      expect(await r.next((f) => 'result' in f || 'error' in f)).toEqual({
        error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
      })
    }
    await r.close()
  })
  it('echoes an integer id beyond 2^53 digit for digit, up to 2^64 − 1 (down to −2^63); refuses one beyond', async () => {
    /** The answer's text to a LIST_SUBSCRIPTIONS with `id` written as is (the only frame a bare /ws gets). */
    const answer = async (s: RawStreams, id: string) => {
      const got = once(s.ws, 'message')
      s.ws.send(`{"method":"LIST_SUBSCRIPTIONS","id":${id}}`)
      return String((await got)[0])
    }
    const s = await RawStreams.open(`${t.ex.streams.url}/ws`)
    for (const id of [
      '9007199254740993',
      '9223372036854775807',
      '18446744073709551615',
      '-9223372036854775808',
    ]) {
      expect(await answer(s, id)).toBe(`{"result":[],"id":${id}}`)
    }
    await s.close()
    const r = await RawStreams.open(`${t.ex.streams.url}/ws`)
    for (const id of ['18446744073709551616', '-9223372036854775809', '1e20']) {
      expect(await answer(r, id)).toBe(
        '{"error":{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}}',
      )
    }
    await r.close()
  })
})
