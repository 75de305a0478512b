// A plain wait for the soak's own pacing (the client under test has its own timers).
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
