import { describe, expect, it } from 'vitest'
import { METHOD_BY_WIRE, type MethodSpec } from '../protocol/methods.js'
import { UsageError } from './command.js'
import { buildParams, convertValue } from './params.js'

const spec = (wire: string): MethodSpec => {
  const s = METHOD_BY_WIRE.get(wire)
  if (!s) throw new Error(`no ${wire} in the catalogue`)
  return s
}
const usage = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

describe('convertValue', () => {
  it('keeps decimals as text and rejects what is not a decimal literal', () => {
    expect(convertValue('price', 'DECIMAL', '60000.10')).toBe('60000.10')
    expect(convertValue('quantity', 'DECIMAL', '0.00100000')).toBe('0.00100000')
    for (const bad of ['1e-3', '-1', '0.', 'abc', '', '1,5', ' 1']) {
      expect(usage(() => convertValue('price', 'DECIMAL', bad))).toMatch(/^price must be a decimal/)
    }
  })

  it('turns INT and LONG into safe integers, naming the param otherwise', () => {
    expect(convertValue('limit', 'INT', '5')).toBe(5)
    expect(convertValue('orderId', 'LONG', '-12')).toBe(-12)
    expect(convertValue('startTime', 'LONG', '1700000000000')).toBe(1_700_000_000_000)
    for (const bad of ['5.5', '1e3', 'five', '', '99999999999999999999']) {
      expect(usage(() => convertValue('limit', 'INT', bad))).toBe(`limit must be an integer, got '${bad}'`)
    }
  })

  it('reads booleans as true/false only', () => {
    expect(convertValue('omitZeroBalances', 'BOOLEAN', 'true')).toBe(true)
    expect(convertValue('omitZeroBalances', 'BOOLEAN', 'FALSE')).toBe(false)
    expect(usage(() => convertValue('omitZeroBalances', 'BOOLEAN', 'yes'))).toMatch(
      /omitZeroBalances must be true or false/,
    )
  })

  it('reads string arrays from a comma list or a JSON array', () => {
    expect(convertValue('symbols', 'STRING_ARRAY', 'BTCUSDT,ETHUSDT')).toEqual(['BTCUSDT', 'ETHUSDT'])
    expect(convertValue('symbols', 'STRING_ARRAY', 'BTCUSDT')).toEqual(['BTCUSDT'])
    expect(convertValue('symbols', 'STRING_ARRAY', '["BTCUSDT","ETHUSDT"]')).toEqual(['BTCUSDT', 'ETHUSDT'])
    expect(usage(() => convertValue('symbols', 'STRING_ARRAY', '[1,2]'))).toMatch(
      /^symbols must be a JSON array/,
    )
    expect(usage(() => convertValue('symbols', 'STRING_ARRAY', '["a"'))).toMatch(
      /^symbols must be a JSON array/,
    )
    expect(usage(() => convertValue('symbols', 'STRING_ARRAY', 'A,,B'))).toMatch(/^symbols has an empty item/)
  })

  it('keeps a single value of STRING_OR_ARRAY a string', () => {
    expect(convertValue('permissions', 'STRING_OR_ARRAY', 'SPOT')).toBe('SPOT')
    expect(convertValue('permissions', 'STRING_OR_ARRAY', 'SPOT,MARGIN')).toEqual(['SPOT', 'MARGIN'])
  })

  it('checks enums against their values and hints at the right case', () => {
    expect(convertValue('side', ['BUY', 'SELL'], 'SELL')).toBe('SELL')
    expect(usage(() => convertValue('side', ['BUY', 'SELL'], 'buy'))).toBe(
      "side must be one of BUY, SELL; got 'buy' (did you mean 'BUY'?)",
    )
    expect(usage(() => convertValue('side', ['BUY', 'SELL'], 'HOLD'))).toBe(
      "side must be one of BUY, SELL; got 'HOLD'",
    )
  })
})

describe('buildParams', () => {
  it('converts every argument by its catalogue kind', () => {
    expect(buildParams(spec('depth'), ['symbol=BTCUSDT', 'limit=5'])).toEqual({ symbol: 'BTCUSDT', limit: 5 })
    expect(
      buildParams(spec('order.place'), [
        'symbol=BTCUSDT',
        'side=BUY',
        'type=LIMIT',
        'timeInForce=GTC',
        'price=60000.5',
        'quantity=0.001',
        'returnRateLimits=false',
      ]),
    ).toEqual({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '60000.5',
      quantity: '0.001',
      returnRateLimits: false,
    })
  })

  it('splits at the first = only', () => {
    expect(buildParams(spec('order.status'), ['symbol=X', 'origClientOrderId=a=b'])).toEqual({
      symbol: 'X',
      origClientOrderId: 'a=b',
    })
  })

  it('names missing required params before anything is sent', () => {
    expect(usage(() => buildParams(spec('depth'), []))).toBe('depth needs symbol (STRING)')
    expect(usage(() => buildParams(spec('order.place'), ['symbol=BTCUSDT']))).toBe(
      'order.place needs side (BUY|SELL), type (' +
        (spec('order.place').required['type'] as string[]).join('|') +
        ')',
    )
  })

  it('requires one name of each one-of group', () => {
    expect(usage(() => buildParams(spec('order.cancel'), ['symbol=BTCUSDT']))).toBe(
      'order.cancel needs one of orderId, origClientOrderId',
    )
  })

  it('rejects unknown params with a suggestion, unless told to pass them', () => {
    expect(usage(() => buildParams(spec('depth'), ['symbol=BTCUSDT', 'limt=5']))).toMatch(
      /^depth has no parameter 'limt' \(did you mean 'limit'\?\); it takes: symbol, limit/,
    )
    expect(buildParams(spec('depth'), ['symbol=BTCUSDT', 'extra=1'], { allowUnknown: true })).toEqual({
      symbol: 'BTCUSDT',
      extra: '1',
    })
  })

  it('rejects malformed and repeated arguments', () => {
    expect(usage(() => buildParams(spec('depth'), ['symbol']))).toBe("expected key=value, got 'symbol'")
    expect(usage(() => buildParams(spec('depth'), ['=x']))).toBe("expected key=value, got '=x'")
    expect(usage(() => buildParams(spec('depth'), ['symbol=A', 'symbol=B']))).toBe(
      'symbol is given more than once',
    )
  })
})
