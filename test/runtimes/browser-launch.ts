// The agent in headless Chromium: in a page, or in a module Web Worker that a page starts (a Worker-style runtime:
// no DOM, no window). The bundle folder is served on 127.0.0.1; the page's URL carries the agent's RPC address.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowser } from '../support/browser.js'
import { serveFolder } from '../support/static-server.js'
import type { LaunchedRuntime } from './runtime-suite.js'

const PAGES = {
  page: '<!doctype html><title>agent</title><script type="module" src="agent.js"></script>',
  worker:
    '<!doctype html><title>agent in a worker</title>' +
    '<script>new Worker("agent.js" + location.search, { type: "module" })</script>',
}

export async function launchInChromium(
  where: keyof typeof PAGES,
  dir: string,
  agentUrl: string,
): Promise<LaunchedRuntime> {
  writeFileSync(join(dir, `${where}.html`), PAGES[where])
  const site = await serveFolder(dir)
  const browser = await launchBrowser()
  await browser.open(`${site.origin}/${where}.html?rpc=${encodeURIComponent(agentUrl)}`)
  return {
    async stop() {
      await browser.close()
      await site.close()
    },
  }
}
