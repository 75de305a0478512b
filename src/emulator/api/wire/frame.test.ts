import { describe, expect, it } from 'vitest'
import { numberTexts, parseAnyFrame, parseFrame } from './frame.js'

describe('parseFrame', () => {
  it('keeps numeric params as the exact text that was sent', () => {
    const text =
      '{"id":1,"params":{"price":0.10,"qty":"1","ts":1645423376532,"big":12345678901234567890,"x":1e3},"method":"m"}'
    expect(parseFrame(text)).toEqual({
      ok: true,
      id: 1,
      method: 'm',
      params: { price: '0.10', qty: '1', ts: '1645423376532', big: '12345678901234567890', x: '1e3' },
    })
  })

  it('finds numbers only at the top of params, past nested values and tricky strings', () => {
    const text =
      ' { "a" : {"params": {"n": 1}}, "params" : { "s" : "}\\"{", "arr" : [1, {"n": 2}], "n" : -0.50 , "b": true } } '
    expect(numberTexts(text)).toEqual(new Map([['n', '-0.50']]))
  })

  it('reports malformed frames with the spec errors', () => {
    expect(parseFrame('not json')).toMatchObject({ ok: false, id: null, error: { code: -1135 } })
    expect(parseFrame('[1]')).toMatchObject({ ok: false, id: null, error: { code: -1135 } })
    expect(parseFrame('{"id":"x"}')).toMatchObject({ ok: false, id: 'x', error: { code: -1102 } })
    expect(parseFrame('{"id":"x","method":"ping","params":[]}')).toMatchObject({
      ok: false,
      id: 'x',
      error: { code: -1135 },
    })
    expect(parseFrame('{"method":"ping"}')).toEqual({ ok: true, id: null, method: 'ping', params: {} })
  })
})

describe('parseFrame fast path', () => {
  const cases = [
    '{"id":1,"method":"order.place","params":{"symbol":"BTCUSDT","quantity":"0.00100","timestamp":1700000000000}}',
    '{"id":"a-b","method":"v3/ping"}',
    '{"id":null,"method":"ping","params":null}',
    ' \t\n{ "id" : -0 , "method" : "m" , "params" : { "a" : 1.50e+3 , "b" : true, "c": false, "d": null } } \r\n',
    '{"id":1e2,"method":"m","params":{"x":-12.0E-2}}',
    '{"id":12345678901234567890,"method":"m","params":{}}',
    '{"method":"m","params":{"1":"a","0":2,"b":"c"}}',
    '{"method":"m","extra":[1,2],"params":{"a":1}}',
    '{"method":"m","params":{"a":"x\\"y"}}',
    '{"method":"m","params":{"a":1,"a":"x"}}',
    '{"method":"m","params":{"__proto__":1}}',
    '{"method":"m","params":{"a":01}}',
    '{"method":"m","params":{"a":1.}}',
    '{"method":"m","params":{"a":-}}',
    '{"method":"m","params":{"a":1,}}',
    '{"method":"m","params":{"a":truex}}',
    '{"method":"m","params":5}',
    '{"method":"m","params":"x"}',
    '{"method":"m","params":false}',
    '{"method":"m","params":{"a":"\u0001"}}',
    '{"method":123}',
    '{"method":""}',
    '{"id":true,"method":"m"}',
    '{"id":1,"id":2,"method":"m"}',
    '{"id":1,"method":"m"} x',
    '{"id":1,"method":"m"',
    '\ufeff{"method":"m"}',
    '{"method":"m","params":{"a":"é☃"}}',
    '{}',
    '[]',
    '',
  ]
  it.each(cases)('gives what JSON.parse gives: %s', (text) => {
    expect(parseFrame(text)).toStrictEqual(parseAnyFrame(text))
    const fast = parseFrame(text)
    const slow = parseAnyFrame(text)
    if (fast.ok && slow.ok) expect(Object.keys(fast.params)).toEqual(Object.keys(slow.params))
  })

  it('agrees with JSON.parse on random flat frames', () => {
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const atoms = [
      '"s"',
      '""',
      '1',
      '-0.5',
      '1e3',
      'true',
      'false',
      'null',
      '01',
      '"a\\n"',
      '{}',
      '[1]',
      '{"x":1}',
    ]
    const keys = ['"a"', '"b"', '"id"', '"method"', '"params"', '"1"', '"__proto__"']
    const ws = ['', ' ', '\n']
    for (let n = 0; n < 3000; n++) {
      const member = () => `${keys[rnd(keys.length)]}${ws[rnd(3)]}:${ws[rnd(3)]}${atoms[rnd(atoms.length)]}`
      const members = (k: number) => Array.from({ length: k }, member).join(',')
      const parts = [`"method":"m"`, `"id":${atoms[rnd(atoms.length)]}`, `"params":{${members(rnd(4))}}`]
      if (rnd(2)) parts.push(member())
      const text = `{${parts.sort(() => rnd(3) - 1).join(',')}}`
      const fast = parseFrame(text)
      const slow = parseAnyFrame(text)
      expect(fast).toStrictEqual(slow)
      if (fast.ok && slow.ok) expect(Object.keys(fast.params)).toEqual(Object.keys(slow.params))
    }
  })

  it('reads names and values again where a previous frame had a longer, shorter or equal string', () => {
    const values = ['BUY', 'BUYX', 'BU', '', 'BUY', 'x"y', 'BUY']
    for (const v of values) {
      const text = `{"id":1,"method":"m","params":{"side":${JSON.stringify(v)},"s${v.length}":"${v}1"}}`
      expect(parseFrame(text)).toStrictEqual(parseAnyFrame(text))
    }
  })
})
