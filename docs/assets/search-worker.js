/* Lazy, per-language search. Material starts this worker on every page, so it is kept small.
 *
 * overrides/main.html points Material at this file instead of its worker, adding `lang` (ko or
 * en) and `material` (the file name of Material's worker) to the URL. Material sends SETUP with
 * the stub at search/search_index.json: we answer READY and do nothing more until the reader
 * reaches for the search box. Then site.js says so on this language's channel ("warm"), so that
 * the search itself, search-query.js, loads Material's worker and this language's entries while
 * the reader types; without that word, the first query loads them. A channel reaches every page
 * of the site open in this browser: any of them starts loading too, once.
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

const lang = new URL(self.location.href).searchParams.get("lang")

// The search itself, loaded when first needed. What it loads, Material's worker and this
// language's entries, is requested first, so that all three download at once (search-query.js).
function theSearch() {
  if (!self.search) {
    const material = new URL(self.location.href).searchParams.get("material")
    self.material = fetch(new URL(`javascripts/workers/${material}`, self.location))
    self.entries = fetch(new URL(`../search/${lang}.json.gz`, self.location))
    importScripts(new URL("search-query.js", self.location).href)
  }
  return self.search
}

let warm = false   // the reader reached for the search box (before SETUP, possibly)
new BroadcastChannel(`search-${lang}`).onmessage = event => {
  warm ||= event.data === "warm"
  if (warm && self.searchOptions) theSearch().warm()
}

addEventListener("message", event => {
  if (self.search && self.search.ownMessage(event)) return   // for Material's listener
  event.stopImmediatePropagation()
  const { type, data } = event.data
  if (type === SETUP) {
    self.searchOptions = data.options
    postMessage({ type: READY })
    if (warm) theSearch().warm()
  } else if (type === QUERY && !data.trim()) {
    postMessage({ type: RESULT, data: { items: [] } })   // Material asks once at start-up
  } else if (type === QUERY) {
    theSearch().query(data)
  }
})
