import { describe, expect, it } from 'vitest'
import { base62, ClientOrderIds, SeededRandom } from './random.js'

describe('base62 and ClientOrderIds', () => {
  it('give the same strings run after run, at every length (a journal replays to the same client order ids)', () => {
    const ids = new ClientOrderIds(16)
    expect([ids.next(), ids.next()]).toEqual(['kMbP12pHs4fF1EU6bN9OZj', 'RqO6jIErHRFhMQXaoCgLrG'])
    expect([base62(ids.random, 5), base62(ids.random, 32)]).toEqual([
      'G3gGH',
      'XBmlm6qEbFOvWhDPnGgZPCBQM1IgqTFd',
    ])
    expect(base62(new SeededRandom(16), 22)).toBe('kMbP12pHs4fF1EU6bN9OZj')
  })
})
