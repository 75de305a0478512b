// A segment as a crash leaves it when the last sector of its last record was never written (a crash leaves whole
// 512-byte sectors unwritten: zeros from the preallocation): the torn last record a start drops.
import { RecordBatch } from '../../../src/emulator/api/persistence/record-codec.js'

/**
 * `bytes` (a segment whose records end at `end`, zeros after) with the last record's last sector zeroed. Markers
 * (not counted) go before that record until it crosses a sector boundary after its header.
 */
export function lastSectorUnwritten(bytes: Buffer, end: number): Buffer {
  let last = 0
  for (let at = 0; at < end; at += 8 + bytes.readUInt32LE(at)) last = at
  const marker = new RecordBatch()
  marker.marked(0)
  const markers: Buffer[] = []
  let at = last
  const sector = () => Math.floor((at + end - last - 1) / 512) * 512
  while (sector() <= at + 8) {
    markers.push(marker.bytes.subarray(0, marker.length))
    at += marker.length
  }
  const moved = Buffer.concat([bytes.subarray(0, last), ...markers, bytes.subarray(last)])
  return moved.fill(0, sector(), at + end - last)
}
