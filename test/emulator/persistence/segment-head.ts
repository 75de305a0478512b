// The first bytes of a journal segment written by hand into a data dir: the id record naming the data dir (its
// meta.json's `id`), as the journal's writer begins every segment; nothing for a data dir without an id.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeIdent } from '../../../src/emulator/api/persistence/record-codec.js'

export function segmentHead(dir: string): Buffer {
  const { id } = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { id?: string }
  return id === undefined ? Buffer.alloc(0) : encodeIdent(id)
}
