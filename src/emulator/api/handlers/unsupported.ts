// The handler of catalogue methods this emulator does not implement yet: -1020 naming the method.
import { fail } from '../../exchange/api-failure.js'

/** Never called: dispatch recognises it and answers -1020 with `data.method` before any validation. */
export function notSupported(): never {
  return fail('UNSUPPORTED_OPERATION')
}
