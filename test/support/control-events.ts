// `GET /control/events` read as a browser's EventSource would: each event's name and parsed data, awaited by what
// it holds.

export interface ControlEvents {
  /** The first event `name` received (or to come) that `match` accepts; it is taken, the others stay. */
  next<T>(name: string, match: (data: T) => boolean): Promise<T>
  /** Ends the stream. */
  close(): void
}

export async function openControlEvents(url: string, init: RequestInit = {}): Promise<ControlEvents> {
  const abort = new AbortController()
  const res = await fetch(url, { ...init, signal: abort.signal })
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    throw new Error(`${url} answered ${res.status} ${res.headers.get('content-type')}, not an event stream`)
  }
  const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader()
  let text = ''
  const received: { name: string; data: unknown }[] = []
  return {
    next: async <T>(name: string, match: (data: T) => boolean): Promise<T> => {
      for (;;) {
        const i = received.findIndex((e) => e.name === name && match(e.data as T))
        if (i >= 0) return received.splice(i, 1)[0]?.data as T
        const chunk = await reader.read()
        if (chunk.done) throw new Error(`stream ended before a ${name} event`)
        const blocks = (text + chunk.value).split('\n\n')
        text = blocks.pop() ?? ''
        for (const block of blocks) {
          const event = /^event: (.+)$/m.exec(block)?.[1]
          const data = /^data: (.+)$/m.exec(block)?.[1]
          if (event !== undefined && data !== undefined)
            received.push({ name: event, data: JSON.parse(data) })
        }
      }
    },
    close: () => abort.abort(),
  }
}
