// The REST API's routes are the catalogue's `rest` fields (docs/emulator-fidelity.md R1): the same endpoints, verbs
// and weights as spec/rest-api.md documents, and every route answers over HTTP as its WebSocket API twin does.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { METHOD_LIST, type MethodSpec } from '../../../src/protocol/methods.js'
import { perFile, startExchange } from '../../support/exchange.js'
import { keyOf } from '../../support/keys.js'
import { rejection } from '../../support/rejection.js'
import { restBase, restCall } from '../../support/rest-client.js'

const DOC = readFileSync(new URL('../../../spec/rest-api.md', import.meta.url), 'utf8')
const ENDPOINT = /```\n(GET|POST|PUT|DELETE) (\/api\/v3\/\S+)\n```/g

/** The documented endpoints, `VERB /path`, each with the text of its section up to the next endpoint. */
const documented = (() => {
  const found = [...DOC.matchAll(ENDPOINT)]
  return new Map<string, string>(
    found.map((m, i) => [`${m[1]} ${m[2]}`, DOC.slice(m.index, found[i + 1]?.index ?? DOC.length)] as const),
  )
})()

const routed = METHOD_LIST.filter((spec): spec is MethodSpec & { rest: NonNullable<MethodSpec['rest']> } =>
  Boolean(spec.rest),
)
const inSpec = routed.filter((spec) => spec.inSpec)
const routeName = (spec: (typeof routed)[number]) => `${spec.rest.verb} ${spec.rest.path}`

const kit = perFile(() => startExchange({ accounts: [{ apiKey: 'h', key: 'hmac' }] }))

describe('REST routes from the catalogue (fidelity R1)', () => {
  it('are exactly the /api/v3 endpoints of spec/rest-api.md, one row each', () => {
    expect(documented.size).toBeGreaterThan(40)
    expect(inSpec.map(routeName).sort()).toEqual([...documented.keys()].sort())
  })

  it('weigh what the REST docs say wherever the weight is one number', () => {
    const fixed = inSpec.filter((spec) => typeof spec.weight === 'number')
    expect(fixed.length).toBeGreaterThan(30)
    for (const spec of fixed) {
      const section = documented.get(routeName(spec)) ?? ''
      const weight = /\*\*Weight:?\*\*:?\s*(\d+)\s*\n/.exec(section)?.[1]
      expect({ route: routeName(spec), weight: Number(weight) }).toEqual({
        route: routeName(spec),
        weight: spec.weight,
      })
    }
  })

  it('every route answers with the status, code and message of its WebSocket API twin', async () => {
    const base = restBase(kit.ex)
    const ws = await kit.connect('h')
    const key = keyOf('h')
    for (const spec of inSpec) {
      const signed = spec.auth === 'SIGNED'
      const rest = await restCall(base, spec.rest.path, {
        method: spec.rest.verb,
        ...(signed ? { key, timestamp: Date.now() } : {}),
      })
      expect(rest.headers.get('content-type')).toBe('application/json;charset=UTF-8')
      expect(rest.headers.get('x-mbx-used-weight-1m')).toMatch(/^\d+$/)
      const twin = signed ? ws.sendSignedMessage(spec.wire, {}) : ws.sendMessage(spec.wire, {})
      const answer = await twin.then(
        () => ({ status: 200 }),
        async () => {
          const e = await rejection(twin)
          return { status: e.status, code: e.code, msg: e.msg }
        },
      )
      const body = rest.json as { code?: number; msg?: string }
      expect({ route: routeName(spec), status: rest.status, code: body.code, msg: body.msg }).toEqual({
        route: routeName(spec),
        ...answer,
      })
    }
  })
})
