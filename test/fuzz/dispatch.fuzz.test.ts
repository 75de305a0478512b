// Frame fuzzing of the emulator's request pipeline, in-process: every text frame gets exactly one
// response, first, echoing its id; 200 or a 4xx of the error table; never 5xx, never a throw; a
// rejected request changes nothing; the exchange's invariants hold after every frame.
// FUZZ_SEED and FUZZ_SCALE change the seed and the number of cases (`npm run fuzz` runs 50×).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stateOf } from '../../src/emulator/exchange/exchange.js'
import { signaturePayload } from '../../src/protocol/signing.js'
import { answerProblem } from '../support/answer-check.js'
import {
  type Frame,
  type Harness,
  harness,
  type RecordingConnection,
  stateDigest,
} from '../support/dispatch-harness.js'
import { assetTotals, invariantProblems } from '../support/invariants.js'
import { type FuzzFrame, fuzzFrame, fuzzParams, serialise } from './arbitraries.js'

const RAW = /^__RAW__(.*)__$/

/** The frame's text, authenticated as the fuzzer chose. */
function frameText(h: Harness, frame: FuzzFrame): string {
  if (frame.kind === 'text') return frame.text
  let params: Record<string, unknown> = { ...frame.params }
  const account = h.accounts.find((a) => a.apiKey === frame.auth)
  if (account || frame.auth === 'bad-signature' || frame.auth === 'stale') {
    const signer = account ?? h.accounts[0]!
    params = { ...params, apiKey: signer.apiKey, timestamp: frame.auth === 'stale' ? h.now - 70_000 : h.now }
    const asSent = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v.replace(RAW, '$1') : v]),
    )
    let signature = signer.signer.sign(signaturePayload(asSent))
    if (frame.auth === 'bad-signature') signature = `${signature.slice(0, -4)}AAAA`
    params['signature'] = signature
  } else if (frame.auth === 'session') params['timestamp'] = h.now
  return serialise({ id: frame.id, method: frame.method, params })
}

/** The id the response must echo: the frame's id if it parses as one, else null. */
function expectedId(text: string): unknown {
  try {
    const v = JSON.parse(text) as unknown
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null
    const id = (v as Record<string, unknown>)['id']
    return typeof id === 'string' || typeof id === 'number' ? id : null
  } catch {
    return null
  }
}

/** Responses per method and code, printed with FUZZ_STATS=1. */
const outcomes = new Map<string, number>()

interface Step {
  readonly text: string
  readonly problem: string
}

/** Runs the frames on a fresh exchange; the first problem found, or undefined. */
function run(frames: readonly { frame: FuzzFrame; second: boolean }[], liquidity: boolean): Step | undefined {
  const h = harness({ liquidity })
  const connections: RecordingConnection[] = [h.connect(), h.connect()]
  const ids = [0, ...h.exchange.accounts.map((a) => a.id)]
  const totals = assetTotals(stateOf(h.exchange).engine, ids)
  for (const { frame, second } of frames) {
    h.now += 250
    const connection = connections[second ? 1 : 0]!
    const text = frameText(h, frame)
    const before = stateDigest(h.exchange, connections)
    let out: Frame[]
    try {
      out = h.send(connection, text)
    } catch (e) {
      return { text, problem: `dispatch threw: ${(e as Error).stack}` }
    }
    const responses = out.filter((f) => 'status' in f)
    if (responses.length !== 1 || out[0] !== responses[0]) {
      return { text, problem: `expected one response first, got ${JSON.stringify(out).slice(0, 400)}` }
    }
    const response = responses[0]!
    if (!Object.is(response['id'], expectedId(text)) && response['id'] !== expectedId(text)) {
      return { text, problem: `id ${JSON.stringify(response['id'])} for ${JSON.stringify(expectedId(text))}` }
    }
    const code = (response['error'] as { code?: number } | undefined)?.code ?? 200
    const method = frame.kind === 'request' ? frame.method.replace(/^v3\//, '') : '(text)'
    const msg = (response['error'] as { msg?: string } | undefined)?.msg ?? ''
    const key = process.env['FUZZ_STATS'] === '2' ? `${method} ${code} ${msg}` : `${method} ${code}`
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
    const problem = answerProblem(response)
    if (problem) return { text, problem }
    if (response['status'] !== 200 && stateDigest(h.exchange, connections) !== before) {
      return { text, problem: `rejected with ${JSON.stringify(response['error'])} but changed state` }
    }
    const { registry } = stateOf(h.exchange).lists
    const broken = invariantProblems(
      stateOf(h.exchange).engine,
      h.exchange.symbols.keys(),
      ids,
      totals,
      registry,
    )
    if (broken.length > 0) return { text, problem: `invariants: ${broken.join('; ')}` }
  }
  return undefined
}

const sequence = fc.array(fc.record({ frame: fuzzFrame, second: fc.boolean() }), {
  minLength: 10,
  maxLength: 40,
  size: 'max',
})

describe('fuzz: request frames through dispatch', () => {
  it('answers every frame once, with 200 or a spec 4xx, and rejects without changing state', () => {
    const { seed, numRuns } = fuzzParams(300)
    fc.assert(
      fc.property(sequence, fc.boolean(), (frames, liquidity) => {
        const failed = run(frames, liquidity)
        if (failed) throw new Error(`${failed.problem}\n  frame: ${failed.text.slice(0, 500)}`)
      }),
      { seed, numRuns },
    )
    if (process.env['FUZZ_STATS']) {
      console.log(
        [...outcomes]
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .map(([k, n]) => `${k}: ${n}`)
          .join('\n'),
      )
    }
    const accepted = [...outcomes].filter(([k]) => k.endsWith(' 200')).map(([k]) => k.split(' ')[0])
    for (const m of ['order.place', 'order.cancel', 'session.logon', 'account.status', 'depth']) {
      expect(accepted, `no accepted ${m}: the fuzzer is not reaching the handlers`).toContain(m)
    }
  })

  it('the checks can fail: a 500, a foreign message and silence are caught', () => {
    expect(answerProblem({ id: 1, status: 500, error: { code: -1000, msg: 'x' } })).toMatch(/status 500/)
    expect(answerProblem({ id: 1, status: 400, error: { code: -1102, msg: 'Bad.' } })).toMatch(
      /not in the table/,
    )
    expect(answerProblem({ id: 1, status: 400, error: { code: -2010, msg: 'nope' } })).toMatch(/ME message/)
    expect(
      answerProblem({
        id: 1,
        status: 400,
        error: {
          code: -1102,
          msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
        },
      }),
    ).toBeUndefined()
    expect(answerProblem({ id: 1, status: 401, error: { code: -1121, msg: 'Invalid symbol.' } })).toMatch(
      /status 401/,
    )
  })
})
