// A call of the control API over HTTP, as curl makes it: GET without params, else POST with a JSON body.
import type { BackupInfo } from '../../src/emulator/index.js'
import type { TestExchange } from './exchange.js'

export interface ControlAnswer {
  readonly status: number
  /** The body as sent (to look for what must not be in it, e.g. a secret). */
  readonly text: string
  readonly body: { result?: unknown; error?: { code: string; msg: string } }
}

export async function controlCall(k: TestExchange, path: string, params?: unknown): Promise<ControlAnswer> {
  const body = params === undefined ? null : JSON.stringify(params)
  const res = await fetch(`http://127.0.0.1:${k.ex.port}/control/${path}`, {
    method: body === null ? 'GET' : 'POST',
    body,
  })
  const text = await res.text()
  return { status: res.status, text, body: JSON.parse(text) as ControlAnswer['body'] }
}

/** POSTs `/control/backup` with `{ to }`: the answer's status and body. */
export async function backupOverHttp(k: TestExchange, to: unknown) {
  const { status, body } = await controlCall(k, 'backup', { to })
  return { status, body: body as { result?: BackupInfo; error?: { code: string; msg: string } } }
}
