// Installs Debian's Chromium for the browser tests when it is missing (`npm test` runs this first, as `pretest`).
// Quick when Chromium is there; as root on Debian/Ubuntu it runs `apt-get install -y chromium` (with `apt-get
// update` first only if that fails). Elsewhere, or when apt-get fails, it prints what to do and exits 0: the other
// tests still run, and the browser tests fail saying Chromium is missing (test/support/browser.ts).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function apt(args) {
  execFileSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0
  if (!existsSync('/usr/bin/apt-get') || !root) {
    console.warn(
      `setup-chromium: no Chromium at ${CHROMIUM}; the browser tests need it. Install Debian's \`chromium\` ` +
        '(`sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium binary.',
    )
  } else {
    console.log(
      'setup-chromium: installing Debian’s chromium for the browser tests (apt-get install -y chromium)…',
    )
    try {
      try {
        apt(['install', '-y', 'chromium'])
      } catch {
        apt(['update'])
        apt(['install', '-y', 'chromium'])
      }
      console.log(
        `setup-chromium: ${existsSync(CHROMIUM) ? 'installed' : 'apt-get finished but no binary at'} ${CHROMIUM}`,
      )
    } catch (e) {
      console.warn(
        `setup-chromium: ${e.message.split('\n')[0]}; the browser tests will fail without Chromium.`,
      )
    }
  }
}
