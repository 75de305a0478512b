import { describe, expect, it } from 'vitest'
import { numberTexts, parseFrame } from './frame.js'

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
