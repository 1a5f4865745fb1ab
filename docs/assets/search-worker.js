/* Lazy, per-language search. Material starts this worker on every page, so it is kept small.
 *
 * overrides/main.html points Material at this file instead of its worker, adding `lang` (ko or
 * en) and `material` (the file name of Material's worker) to the URL. Material sends SETUP with
 * the stub at search/search_index.json: we answer READY and do nothing more until the reader
 * types. The first query loads the search itself, search-query.js, which loads Material's worker
 * and this language's entries.
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

addEventListener("message", event => {
  if (self.search && self.search.ownMessage(event)) return   // for Material's listener
  event.stopImmediatePropagation()
  const { type, data } = event.data
  if (type === SETUP) {
    self.searchOptions = data.options
    postMessage({ type: READY })
  } else if (type === QUERY && !data.trim()) {
    postMessage({ type: RESULT, data: { items: [] } })   // Material asks once at start-up
  } else if (type === QUERY) {
    if (!self.search) importScripts(new URL("search-query.js", self.location).href)
    self.search.query(data)
  }
})
