// Node's side of the runtime tests: bundles the agent with the client's web entry (as the package's export
// conditions give it to browsers, Deno, Bun and Workers), serves the agent's RPC socket, and presents the agent
// as a conformance adapter factory, so that the conformance scenario (suite.ts) runs unchanged in the runtime.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { type WebSocket, WebSocketServer } from 'ws'
import type { AdapterFactory, ApiErrorBody, ConformanceAdapter } from '../conformance/adapter.js'
import { ADAPTER_METHODS, type AgentError, type AgentFrame } from './agent-protocol.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** A call into the agent that takes longer than this fails the test. */
const CALL_MS = 30_000

/**
 * Bundles test/runtimes/agent.ts for `platform` into a fresh folder (`agent.js`); the client's Node entry, which
 * the conformance adapter imports, is replaced by its web entry. A bundle that reached `ws` or a `node:` module
 * fails here.
 */
export async function bundleAgent(): Promise<{ dir: string; file: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'bsw-agent-'))
  const file = join(dir, 'agent.js')
  const nodeEntry = join(root, 'src', 'client', 'index.js')
  await build({
    entryPoints: [join(root, 'test', 'runtimes', 'agent.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    plugins: [
      {
        name: 'client-web-entry',
        setup(b) {
          b.onResolve({ filter: /\/src\/client\/index\.js$/ }, (args) =>
            resolve(args.resolveDir, args.path) === nodeEntry
              ? { path: join(root, 'src', 'client', 'web.ts') }
              : undefined,
          )
        },
      },
    ],
  })
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A rejection inside the agent; `api` is the API error body when the client rejected with one. */
class AgentCallError extends Error {
  override name = 'AgentCallError'
  readonly api: ApiErrorBody | undefined
  constructor(op: string, e: AgentError) {
    super(`${op} in the runtime: ${e.name}: ${e.message}`)
    this.api = e.api
  }
}

/** The agent's RPC socket: the test calls operations in the runtime and hears its pushed events. */
export class RuntimeAgent {
  readonly #server: WebSocketServer
  #socket: WebSocket | undefined
  #hello: Promise<string>
  #seq = 0
  readonly #pending = new Map<number, { op: string; resolve(v: unknown): void; reject(e: Error): void }>()
  readonly #listeners = new Map<string, (event: unknown) => void>()

  private constructor(server: WebSocketServer) {
    this.#server = server
    this.#hello = new Promise((resolveHello) => {
      server.once('connection', (ws) => {
        this.#socket = ws
        ws.on('message', (data) => this.#frame(JSON.parse(data.toString()) as AgentFrame, resolveHello))
        ws.on('close', () => {
          for (const p of this.#pending.values()) p.reject(new Error(`${p.op}: the agent went away`))
          this.#pending.clear()
        })
      })
    })
  }

  /** Listens on 127.0.0.1, a free port. */
  static async listen(): Promise<RuntimeAgent> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise((r) => server.once('listening', r))
    return new RuntimeAgent(server)
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`
  }

  /** Resolves with the runtime the agent says it runs in, once it has connected. */
  hello(): Promise<string> {
    return this.#hello
  }

  #frame(f: AgentFrame, hello: (runtime: string) => void): void {
    if ('hello' in f) hello(f.hello)
    else if ('push' in f) this.#listeners.get(f.push)?.(f.event)
    else this.#answer(f)
  }

  #answer(f: Extract<AgentFrame, { id: number }>): void {
    const p = this.#pending.get(f.id)
    if (!p) return
    this.#pending.delete(f.id)
    if ('error' in f) p.reject(new AgentCallError(p.op, f.error))
    else p.resolve(f.result)
  }

  call<T>(op: string, ...args: unknown[]): Promise<T> {
    const socket = this.#socket
    if (!socket) return Promise.reject(new Error(`${op}: the agent is not connected`))
    const id = ++this.#seq
    return new Promise<T>((resolveCall, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new Error(`${op}: no answer from the runtime within ${CALL_MS} ms`))
      }, CALL_MS)
      const settle =
        <A>(fn: (a: A) => void) =>
        (a: A) => {
          clearTimeout(timer)
          fn(a)
        }
      this.#pending.set(id, {
        op,
        resolve: settle(resolveCall as (v: unknown) => void),
        reject: settle(reject),
      })
      socket.send(JSON.stringify({ id, op, args }))
    })
  }

  /** Hands the events pushed for subscription `sub` to `fn`. */
  listen(sub: string, fn: (event: unknown) => void): void {
    this.#listeners.set(sub, fn)
  }

  /** Closes the RPC socket (the agent then ends) and the server. */
  async close(): Promise<void> {
    this.#socket?.close()
    await new Promise((r) => this.#server.close(r))
  }
}

/** The conformance adapter factory whose adapters live in the runtime behind `agent()`. */
export function remoteAdapters(client: string, agent: () => RuntimeAgent): AdapterFactory {
  return {
    client,
    async create(target, credentials) {
      const a = agent()
      const id = await a.call<string>('create', target, credentials)
      const adapter = Object.fromEntries(
        ADAPTER_METHODS.map((m) => [m, (...args: unknown[]) => a.call('call', id, m, args)]),
      ) as unknown as ConformanceAdapter
      adapter.subscribeUserData = async (onEvent) => {
        const sub = await a.call<string>('subscribeUserData', id)
        a.listen(sub, (e) => onEvent(e as Parameters<typeof onEvent>[0]))
        return { close: () => a.call('unsubscribeUserData', sub) }
      }
      adapter.apiError = (err) => (err instanceof AgentCallError ? err.api : undefined)
      adapter.close = () => a.call('close', id)
      return adapter
    },
  }
}
