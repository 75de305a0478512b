// The REST endpoints, from the catalogue rows' `rest` fields: path → verb → row.
import { METHOD_LIST, type MethodSpec, type RestVerb } from '../../../protocol/methods.js'

/** Every `/api/v3` path with a WebSocket API twin, and the row answering each of its verbs. */
export const REST_ROUTES: ReadonlyMap<string, ReadonlyMap<string, MethodSpec>> = (() => {
  const routes = new Map<string, Map<RestVerb, MethodSpec>>()
  for (const spec of METHOD_LIST) {
    if (!spec.rest) continue
    let verbs = routes.get(spec.rest.path)
    if (!verbs) {
      verbs = new Map()
      routes.set(spec.rest.path, verbs)
    }
    verbs.set(spec.rest.verb, spec)
  }
  return routes
})()
