// Headless Chromium for the tests that look at what a user sees: Debian's `chromium` (the project's setup installs
// it: scripts/setup-chromium.mjs), driven by playwright-core, with a fresh profile each launch.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

/** Where Debian installs Chromium; `CHROMIUM_PATH` points elsewhere on other systems. */
const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/** No GPU, no QUIC, no first-run UI, no background traffic (updates, sync, component downloads). */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Browser {
  readonly context: BrowserContext
  /** Opens `url` in a new page; what the page logs as errors, and its uncaught exceptions, go to `errors`. */
  open(url: string): Promise<Page>
  /** Console errors and uncaught exceptions of every page opened, in order. */
  readonly errors: string[]
  close(): Promise<void>
}

export interface BrowserOptions {
  viewport?: { width: number; height: number }
}

/** Launches headless Chromium with a fresh `--user-data-dir`; throws with the fix when Chromium is missing. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run \`node scripts/setup-chromium.mjs\` (as root, it runs ` +
        '`apt-get install -y chromium`), or set CHROMIUM_PATH',
    )
  }
  const profile = mkdtempSync(join(tmpdir(), 'bsw-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  })
  const errors: string[] = []
  return {
    context,
    errors,
    async open(url) {
      const page = await context.newPage()
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`)
      })
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
      await page.goto(url)
      return page
    },
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
