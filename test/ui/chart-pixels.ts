// An expression run in the dashboard's page (a string: the page's CSP allows no eval of ours to poll with): how
// many pixels of the chart's canvases have each named colour, once every count is over `min`; else false.

/** `[r, g, b]` of each named colour. */
type Colours = Readonly<Record<string, readonly [number, number, number]>>

export function chartPixels(colours: Colours, min: number): string {
  return `(() => {
  const colours = ${JSON.stringify(colours)}
  const counts = Object.fromEntries(Object.keys(colours).map((name) => [name, 0]))
  for (const canvas of document.querySelectorAll('#chart canvas')) {
    const ctx = canvas.getContext('2d')
    if (!ctx || canvas.width === 0) continue
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
    for (let i = 0; i < data.length; i += 4) {
      for (const [name, [r, g, b]] of Object.entries(colours)) {
        if (Math.abs(data[i] - r) < 6 && Math.abs(data[i + 1] - g) < 6 && Math.abs(data[i + 2] - b) < 6) counts[name]++
      }
    }
  }
  return Object.values(counts).every((n) => n > ${min}) ? counts : false
})()`
}
