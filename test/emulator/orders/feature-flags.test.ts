// docs/emulator-fidelity.md 3.1.5 end to end: each disabled order type or feature gets its exact -2010 text, lists
// included.
import { describe, expect, it } from 'vitest'
import { perFile, startTraders } from '../../support/exchange.js'
import { pendingMaker, SELL_OCO, workingLimit } from '../../support/order-params.js'
import { rejected, rejection } from '../../support/rejection.js'
import { LIMIT_ONLY, NO_FEATURES, STP_DEFAULT, ZERO_PRICE } from '../../support/symbols.js'

const t = perFile(() => startTraders({ extraSymbols: [NO_FEATURES, LIMIT_ONLY, STP_DEFAULT, ZERO_PRICE] }))

describe('feature flags (fidelity 3.1.5)', () => {
  it('an order type missing from orderTypes gets its own -2010 text', async () => {
    const stop = { symbol: 'LIMITONLY', side: 'SELL', quantity: '0.01000', stopPrice: '59000.00' } as const
    const cases = [
      [
        { symbol: 'LIMITONLY', side: 'BUY', type: 'MARKET', quantity: '0.01000' },
        'Market orders are not supported for this symbol.',
      ],
      [
        { ...stop, type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', price: '58000.00' },
        'Stop loss limit orders are not supported for this symbol.',
      ],
      [
        { ...stop, type: 'TAKE_PROFIT', stopPrice: '61000.00' },
        'Take profit orders are not supported for this symbol.',
      ],
      [
        { ...stop, type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', price: '61000.00', stopPrice: '61000.00' },
        'Take profit limit orders are not supported for this symbol.',
      ],
    ] as const
    for (const [params, msg] of cases) {
      expect(await rejection(t.a.orderPlace(params)), params.type).toMatchObject(rejected(msg))
    }
  })

  it('quoteOrderQty, trailing and pegs on a symbol without them get the spec texts', async () => {
    expect(
      await rejection(
        t.a.orderPlace({ symbol: 'NOFEAT', side: 'BUY', type: 'MARKET', quoteOrderQty: '100.00' }),
      ),
    ).toMatchObject(rejected('Quote order qty market orders are not support for this symbol.'))
    expect(
      await rejection(
        t.a.orderPlace({
          symbol: 'NOFEAT',
          side: 'SELL',
          type: 'STOP_LOSS',
          quantity: '0.01000',
          trailingDelta: 100,
        }),
      ),
    ).toMatchObject(rejected('Trailing stop orders are not supported for this symbol.'))
    expect(
      await rejection(
        t.a.orderPlace({
          symbol: 'NOFEAT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.01000',
          pegPriceType: 'PRIMARY_PEG',
        }),
      ),
    ).toMatchObject(rejected('Pegged orders are not supported for this symbol.'))
  })

  it('OCO, OTO and OPO lists on a symbol without them: the OCO and OPO texts, OTO "Unsupported order combination"', async () => {
    expect(await rejection(t.a.orderListPlaceOco({ ...SELL_OCO, symbol: 'NOFEAT' }))).toMatchObject(
      rejected('OCO orders are not supported for this symbol'),
    )
    const working = workingLimit('NOFEAT', 'BUY', '59000.00', '0.10000')
    expect(
      await rejection(
        t.a.orderListPlaceOpo({
          ...working,
          ...pendingMaker('SELL', '62000.00'),
        }),
      ),
    ).toMatchObject(rejected('OPO orders are not supported for this symbol.'))
    expect(
      await rejection(
        t.a.orderListPlaceOto({
          ...working,
          ...pendingMaker('SELL', '62000.00', '0.10000'),
        }),
      ),
    ).toMatchObject(rejected('Unsupported order combination'))
    expect((await t.a.openOrdersStatus({ symbol: 'NOFEAT' })).data).toEqual([])
  })
})
