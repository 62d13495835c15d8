import { describe, expect, it } from 'vitest'
import { ConcurrencyGate, FailureCounter, formatWindow } from '../../../src/server/request-limits.js'

describe('FailureCounter', () => {
  it('blocks a key that reached the limit until its window ends, and no other key', () => {
    const counter = new FailureCounter({ max: 3, windowSeconds: 60 })
    for (let i = 0; i < 2; i++) counter.add('a', 1000)
    expect(counter.blockedFor('a', 1000)).toBe(0)
    counter.add('a', 1000)
    expect(counter.blockedFor('a', 1000)).toBe(60)
    expect(counter.blockedFor('a', 30_500)).toBe(31)
    expect(counter.blockedFor('b', 30_500)).toBe(0)
    expect(counter.blockedFor('a', 61_000)).toBe(0)
    counter.add('a', 61_000)
    expect(counter.blockedFor('a', 61_000)).toBe(0)
  })
})

describe('ConcurrencyGate', () => {
  it('runs up to its concurrency, queues in order up to its queue size, and refuses the rest', async () => {
    const gate = new ConcurrencyGate({ concurrency: 1, queueSize: 2 })
    const first = await gate.enter()
    const order: string[] = []
    const second = gate.enter()!.then((release) => (order.push('second'), release))
    const gone = new AbortController()
    void gate.enter(gone.signal)?.then(() => order.push('abandoned'))
    expect(gate.enter()).toBeUndefined()
    expect(gate.load).toEqual({ running: 1, waiting: 2 })
    gone.abort()
    expect(gate.load).toEqual({ running: 1, waiting: 1 })
    first!()
    first!()
    const release = await second
    expect(order).toEqual(['second'])
    expect(gate.load).toEqual({ running: 1, waiting: 0 })
    release()
    expect(gate.load).toEqual({ running: 0, waiting: 0 })
  })
})

describe('formatWindow', () => {
  it.each([
    [60, '1 minute'],
    [120, '2 minutes'],
    [30, '30 seconds'],
    [1, '1 second'],
    [3600, '1 hour'],
    [90, '90 seconds'],
  ])('%i s is "%s"', (seconds, words) => expect(formatWindow(seconds)).toBe(words))
})
