// The IPC messages between the soak and its child emulator (types only: the runner is transpiled without them).
import type {
  EmulatorOptions,
  FailNextOptions,
  ServerShutdownOptions,
  StallNextOptions,
} from '../../src/emulator/index.js'

/** What the soak asks the child emulator to do; each gets one reply. */
export type ControlCommand =
  | { op: 'dropConnections' }
  | { op: 'serverShutdown'; options: ServerShutdownOptions }
  | { op: 'failNext'; options: FailNextOptions }
  /** Arms a stall; `stall` names it for the later `release`. */
  | { op: 'stallNext'; options: StallNextOptions; stall: number }
  | { op: 'release'; stall: number }
  | { op: 'dropStreams' }
  | { op: 'injectGap'; symbol: string }
  | { op: 'close' }

export type ControlRequest = ControlCommand & { id: number }

export type ChildMessage =
  | { type: 'ready'; port: number; url: string; streamsUrl: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }

/** The child's options: the emulator's, plus `dataDir` for when the emulator persists its state. */
export type RunnerOptions = EmulatorOptions & { dataDir?: string }
