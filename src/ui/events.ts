// The control API's event stream (/control/events) read with fetch — it sends the bearer token, which EventSource
// cannot — and reopened after a pause when it ends; each event goes to `on`. A refused token (401, 403) ends it:
// asking again would be refused again.

export type Handler = (event: string, data: unknown) => void

/** The token given in the page's fragment (`/ui/#token=…`): it never reaches a server log. */
export function tokenFromFragment(): string | undefined {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  return m?.[1] === undefined ? undefined : decodeURIComponent(m[1])
}

/** Headers of every control request. */
export function authHeaders(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` }
}

/**
 * Reads the stream until the page closes, or until the control API refuses the token: then `refused` gets its
 * answer's message and the stream is not asked again. `status` says whether it is connected.
 */
export async function followEvents(
  token: string | undefined,
  on: Handler,
  status: (up: boolean) => void,
  refused: (message: string) => void,
): Promise<void> {
  for (;;) {
    try {
      const res = await fetch('/control/events', { headers: authHeaders(token), cache: 'no-store' })
      if (res.status === 401 || res.status === 403) {
        const body = (await res.json().catch(() => ({}))) as { error?: { msg?: string } }
        refused(body.error?.msg ?? `HTTP ${res.status}`)
        return
      }
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`)
      status(true)
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let text = ''
      for (;;) {
        const chunk = await reader.read()
        if (chunk.done) break
        const blocks = (text + chunk.value).split('\n\n')
        text = blocks.pop() ?? ''
        for (const block of blocks) dispatchBlock(block, on)
      }
    } catch {
      // The stream failed or ended (the emulator stopped): reopen after the pause below.
    }
    status(false)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

function dispatchBlock(block: string, on: Handler): void {
  let event = 'message'
  let data = ''
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7)
    else if (line.startsWith('data: ')) data += line.slice(6)
  }
  if (data !== '') on(event, JSON.parse(data))
}
