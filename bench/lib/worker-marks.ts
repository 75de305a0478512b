// A worker's marks: it asks the parent to act (snapshot the server's CPU) at a point, and waits for the answer.

/** Sends `{ mark: name }` to the parent and resolves when the parent echoes it. */
export function mark(name: string): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: { mark?: string }) => {
      if (m.mark !== name) return
      process.off('message', onMessage)
      resolve()
    }
    process.on('message', onMessage)
    process.send?.({ mark: name })
  })
}
