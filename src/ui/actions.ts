// The control buttons: advance the clock, make the next request fail, deposit to or withdraw from the shown account,
// move the shown symbol's reference price or trading status, cancel the shown account's orders on it, start the shown
// account over, delete the shown key, take a snapshot, reset the emulator. Disabled (with the reason) while the
// emulator's control changes are off or the page's token may only read.
import type { ControlClient } from './control-client.js'
import { byId } from './dom.js'

export interface ActionContext {
  readonly control: ControlClient
  /** The account shown: deposits, withdrawals and cancels act on it. */
  account(): string | undefined
  /** The symbol shown. */
  symbol(): string
}

const FORMS = [
  'advance-clock',
  'fail-next',
  'deposit',
  'move-price',
  'set-status',
  'cancel-orders',
  'reset-account',
  'remove-key',
  'snapshot',
  'reset',
] as const

export function wireActions(ctx: ActionContext): void {
  const result = byId('action-result')
  const run = (
    form: HTMLFormElement,
    what: (data: FormData) => [string, Record<string, unknown>, (result: unknown) => string] | undefined,
  ) => {
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      const call = what(new FormData(form, e.submitter))
      if (!call) return
      const [route, params, done] = call
      ctx.control.call(route, params).then(
        (answer) => {
          result.textContent = done(answer)
        },
        (err: Error) => {
          result.textContent = err.message
        },
      )
    })
  }
  const text = (data: FormData, name: string) => String(data.get(name) ?? '')
  run(byId('advance-clock'), (d) => {
    const ms = Number(text(d, 'ms'))
    return ['clock/advance', { ms }, () => `clock advanced by ${ms / 60_000} min`]
  })
  run(byId('fail-next'), (d) => {
    const method = text(d, 'method')
    const error = text(d, 'error')
    const params = method === '' ? { error } : { method, error }
    return ['failNext', params, () => `the next ${method || 'request'} fails with ${error}`]
  })
  run(byId('deposit'), (d) => {
    const apiKey = ctx.account() ?? ''
    // Asset names are upper case (`btc` is refused by the control API).
    const [asset, amount] = [text(d, 'asset').toUpperCase(), text(d, 'amount')]
    const op = text(d, 'op') === 'withdraw' ? 'withdraw' : 'deposit'
    return [op, { apiKey, asset, amount }, () => `${op}${op === 'deposit' ? 'ed' : 'n'} ${amount} ${asset}`]
  })
  run(byId('move-price'), (d) => {
    const price = text(d, 'price')
    return ['setReferencePrice', { symbol: ctx.symbol(), price }, () => `${ctx.symbol()} moved to ${price}`]
  })
  run(byId('set-status'), (d) => {
    const status = text(d, 'status')
    return ['setSymbolStatus', { symbol: ctx.symbol(), status }, () => `${ctx.symbol()} is ${status}`]
  })
  run(byId('cancel-orders'), () => {
    const apiKey = ctx.account() ?? ''
    const symbol = ctx.symbol()
    return ['cancelOrders', { symbol, apiKey }, (n) => `${n} ${symbol} order(s) of ${apiKey} expired`]
  })
  run(byId('reset-account'), () => {
    const apiKey = ctx.account() ?? ''
    return confirm(
      `Start the account ${apiKey} over? Its open orders expire and its balances become the initial ones.`,
    )
      ? [
          'resetAccount',
          { apiKey },
          (r) => `${apiKey} started over: ${(r as { expired: number }).expired} order(s) expired`,
        ]
      : undefined
  })
  run(byId('remove-key'), () => {
    const apiKey = ctx.account() ?? ''
    return confirm(`Delete the API key ${apiKey}? Requests signed with it are refused from now on.`)
      ? [
          'removeKey',
          { apiKey },
          (r) => {
            const { sessions, subscriptions } = r as { sessions: number; subscriptions: number }
            return `${apiKey} removed: ${sessions} session(s) revoked at their next request, ${subscriptions} subscription(s) ended`
          },
        ]
      : undefined
  })
  run(byId('snapshot'), () => [
    'snapshot',
    {},
    (info) => `snapshot ${(info as { file: string }).file} written`,
  ])
  run(byId('reset'), () =>
    confirm('Reset the emulator to its initial state? Every order, trade and added account is lost.')
      ? ['reset', {}, () => 'the emulator was reset']
      : undefined,
  )
}

/** The buttons work when the emulator takes changes (`changes`) and the page's token may make them (`mayChange`). */
export function enableActions(changes: boolean, mayChange: boolean, dataDir: boolean): void {
  disableActions(
    !changes
      ? 'read-only: start the emulator with --control'
      : mayChange
        ? ''
        : 'read-only: this token may only watch',
    changes && mayChange,
  )
  const snapshot = byId('snapshot').querySelector('button') as HTMLButtonElement
  snapshot.disabled ||= !dataDir
  snapshot.title = dataDir
    ? 'write a snapshot of the state now'
    : 'no data dir: start the emulator with --data-dir to keep its state and take snapshots'
}

/** Disables every button (until a `state` event says what is allowed), `note` saying why. */
export function disableActions(note: string, on = false): void {
  for (const id of FORMS) {
    for (const el of byId(id).querySelectorAll('button, input, select'))
      (el as HTMLButtonElement).disabled = !on
  }
  byId('control-note').textContent = note
}
