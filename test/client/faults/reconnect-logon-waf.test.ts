// A reconnect's logon that the firewall blocks (403, -1002) fails that attempt, which is retried: the key was not
// refused, so the session is kept. Before, -1002 counted as the key refused whatever its status: `sessionRevoked`,
// and no session on that connection any more.
import { describe, expect, it } from 'vitest'
import { exchangePerTest } from '../../support/exchange.js'

const exchange = exchangePerTest()

describe('a reconnect whose logon gets the firewall 403', () => {
  it('is retried and logs on: no sessionRevoked', async () => {
    const kit = await exchange({ accounts: [{ apiKey: 'ed1' }] })
    const conn = await kit.connect('ed1', { reconnectDelay: 10 })
    const revoked: unknown[] = []
    conn.on('sessionRevoked', (e) => revoked.push(e))
    const states: string[] = []
    const reopened = new Promise<void>((resolve) =>
      conn.on('status', (s) => {
        states.push(s.state)
        if (s.state === 'open') resolve()
      }),
    )
    kit.ex.failNext({ method: 'session.logon', error: 'WAF' })
    expect(kit.ex.dropConnections()).toBe(1)
    await reopened
    expect(revoked).toEqual([])
    expect(states.filter((s) => s === 'reconnecting')).toHaveLength(2)
    await expect(conn.sessionStatus()).resolves.toMatchObject({ data: { apiKey: 'ed1' } })
  })
})
