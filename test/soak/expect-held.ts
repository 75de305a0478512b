// What every soak run must show, short or long.
import { expect } from 'vitest'
import type { SoakReport } from './soak.js'

/** Every call settled in time with a documented kind of answer, every definite answer is true, nothing leaked. */
export function expectPromisesHeld(report: SoakReport): void {
  expect(report.harnessErrors).toEqual([])
  expect(report.unsettled).toBe(0)
  expect(report.lateExamples).toEqual([])
  expect(report.unexpected).toEqual([])
  // Every unknown outcome could be reconciled, and every definite answer is what the emulator recorded.
  expect(Object.keys(report.resolutions).filter((k) => k.endsWith('threw'))).toEqual([])
  expect(report.wrongExamples).toEqual([])
  expect(report.wrongAnswers).toBe(0)
  expect(report.userStream.duplicates).toBe(0)
  expect(report.userStream.newMissed).toBe(0)
  expect(report.leakedHandles).toEqual([])
}
