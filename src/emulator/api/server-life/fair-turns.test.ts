import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { FairTurns } from './fair-turns.js'

/** An inbox of `turns` that records what ran and its pauses. */
function recorded(turns: FairTurns) {
  const ran: number[] = []
  const flow: string[] = []
  const inbox = turns.inbox((n: number) => ran.push(n), {
    pause: () => flow.push('pause'),
    resume: () => flow.push('resume'),
  })
  return { ran, flow, inbox }
}

describe('FairTurns', () => {
  it('runs perTurn messages of a connection per turn, in order, interleaving connections', async () => {
    const turns = new FairTurns(2, 100)
    const a = recorded(turns)
    const b = recorded(turns)
    for (let i = 0; i < 5; i++) a.inbox.push(i)
    b.inbox.push(100)
    expect(a.ran).toEqual([0, 1])
    expect(b.ran).toEqual([100])
    await nextTurn()
    expect(a.ran).toEqual([0, 1, 2, 3])
    await nextTurn()
    expect(a.ran).toEqual([0, 1, 2, 3, 4])
    expect(a.flow).toEqual([])
  })

  it('pauses a connection with more than maxWaiting messages waiting and resumes it once they ran', async () => {
    const turns = new FairTurns(2, 3)
    const a = recorded(turns)
    for (let i = 0; i < 6; i++) a.inbox.push(i)
    expect(a.flow).toEqual(['pause'])
    await nextTurn()
    expect(a.flow).toEqual(['pause'])
    await nextTurn()
    expect(a.ran).toEqual([0, 1, 2, 3, 4, 5])
    expect(a.flow).toEqual(['pause', 'resume'])
  })

  it('drops what waits when closed and ignores later messages', async () => {
    const turns = new FairTurns(1, 100)
    const a = recorded(turns)
    a.inbox.push(0)
    a.inbox.push(1)
    a.inbox.close()
    a.inbox.push(2)
    await nextTurn()
    expect(a.ran).toEqual([0])
  })

  it('ends a turn after turnMs; the next begins with the inboxes it did not reach', async () => {
    const turns = new FairTurns(1, 100, 0)
    const a = recorded(turns)
    const b = recorded(turns)
    for (let i = 0; i < 3; i++) a.inbox.push(i)
    for (let i = 10; i < 13; i++) b.inbox.push(i)
    expect([a.ran, b.ran]).toEqual([[0], [10]])
    await nextTurn()
    expect([a.ran, b.ran]).toEqual([[0, 1], [10]])
    await nextTurn()
    expect([a.ran, b.ran]).toEqual([
      [0, 1],
      [10, 11],
    ])
    await nextTurn()
    expect([a.ran, b.ran]).toEqual([
      [0, 1, 2],
      [10, 11],
    ])
  })
})
