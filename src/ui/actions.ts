// The control buttons: advance the clock, make the next request fail, deposit to the shown account, move the
// market's reference price. Disabled (with the reason) while the emulator's control changes are off.
import type { ControlClient } from './control-client.js'
import { byId } from './dom.js'

export interface ActionContext {
  readonly control: ControlClient
  /** The account the deposit goes to. */
  account(): string | undefined
  /** The symbol shown. */
  symbol(): string
}

const FORMS = ['advance-clock', 'fail-next', 'deposit', 'move-price'] as const

export function wireActions(ctx: ActionContext): void {
  const result = byId('action-result')
  const run = (
    form: HTMLFormElement,
    what: (data: FormData) => [string, Record<string, unknown>, string],
  ) => {
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      const [route, params, done] = what(new FormData(form))
      ctx.control.call(route, params).then(
        () => {
          result.textContent = done
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
    return ['clock/advance', { ms }, `clock advanced by ${ms / 60_000} min`]
  })
  run(byId('fail-next'), (d) => {
    const method = text(d, 'method')
    const error = text(d, 'error')
    const params = method === '' ? { error } : { method, error }
    return ['failNext', params, `the next ${method || 'request'} fails with ${error}`]
  })
  run(byId('deposit'), (d) => {
    const apiKey = ctx.account() ?? ''
    const [asset, amount] = [text(d, 'asset'), text(d, 'amount')]
    return ['deposit', { apiKey, asset, amount }, `deposited ${amount} ${asset}`]
  })
  run(byId('move-price'), (d) => {
    const price = text(d, 'price')
    return ['setReferencePrice', { symbol: ctx.symbol(), price }, `${ctx.symbol()} moved to ${price}`]
  })
}

/** Enables the buttons when the control API's changes are on. */
export function enableActions(on: boolean): void {
  for (const id of FORMS) {
    for (const el of byId(id).querySelectorAll('button, input, select'))
      (el as HTMLButtonElement).disabled = !on
  }
  byId('control-note').textContent = on ? '' : 'read-only: start the emulator with --control'
}
