// The search index built at build time (scripts/searchindex.mjs) must answer every query exactly
// as the index Material's worker builds in the browser: for each query of tests/search-queries.tsv,
// the same results, in the same order, with the same scores and highlights.
//
// Runs on a built site: $SEARCH_SITE, or site/ (skipped when there is none, or it has no prebuilt
// index; tests/test_search.py runs it on the site its tests build, and fails if it is skipped).
// The site's own search-worker.js and search-query.js run twice in a sandbox standing in for a
// worker: with search/<lang>.json as built, and with its prebuilt index taken out (the browser
// then indexes the entries itself, as without Node).
import { test } from "node:test"
import assert from "node:assert/strict"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { fetchFile, workerScope } from "../../scripts/searchindex.mjs"

const SETUP = 0, QUERY = 2, RESULT = 3
const root = new URL("../../", import.meta.url)
const site = process.env.SEARCH_SITE ? pathToFileURL(`${process.env.SEARCH_SITE}/`) : new URL("site/", root)
const prebuilt = lang => existsSync(new URL(`search/${lang}.json`, site))
  && JSON.parse(readFileSync(new URL(`search/${lang}.json`, site), "utf8")).prebuilt
const queries = readFileSync(new URL("tests/search-queries.tsv", root), "utf8").split("\n")
  .filter(line => line.trim() && !line.startsWith("#")).map(line => line.split("\t"))

// Material's worker file name, as overrides/main.html hands it to search-worker.js.
const material = () => readdirSync(new URL("assets/javascripts/workers/", site)).find(name => /^search\..*\.min\.js$/.test(name))

// A page's search worker: send(message) resolves with the worker's answer.
function searchWorker(lang, { prebuilt }) {
  let answer
  const scope = workerScope(new URL(`assets/search-worker.js?lang=${lang}&material=${material()}`, site), {
    onMessage: message => answer(message),
    async fetch(url) {
      if (prebuilt || !/\.json(\.gz)?$/.test(url)) return fetchFile(url)
      if (String(url).endsWith(".gz")) return new Response(null, { status: 404 })
      const { prebuilt: _, ...entries } = JSON.parse(readFileSync(fileURLToPath(url), "utf8"))
      return new Response(JSON.stringify(entries))
    },
  })
  scope.importScripts(new URL("assets/search-worker.js", site))
  scope.send = message => new Promise(resolve => {
    answer = resolve
    scope.dispatchEvent(new MessageEvent("message", { data: message }))
  })
  return scope
}

for (const lang of ["ko", "en"]) {
  const skip = !prebuilt(lang) && `no site with a prebuilt index at ${fileURLToPath(site)} (make build)`
  test(`${lang}: the prebuilt index answers as the index built in the browser`, { skip }, async () => {
    assert.equal(prebuilt(lang).worker, material(), "the prebuilt index is not for this site's Material worker")
    const workers = [searchWorker(lang, { prebuilt: true }), searchWorker(lang, { prebuilt: false })]
    for (const worker of workers) await worker.send({ type: SETUP, data: { config: {}, docs: [], options: { suggest: false } } })
    // The reader reaches for the search box: the prebuilt one loads, and runs a query of its own
    // whose results must not reach the page.
    workers[0].channels[`search-${lang}`].onmessage({ data: "warm" })
    let compared = 0
    for (const [, query] of queries.filter(([l]) => l === lang)) {
      const [fast, slow] = await Promise.all(workers.map(worker => worker.send({ type: QUERY, data: query })))
      assert.equal(fast.type, RESULT)
      assert.equal(JSON.stringify(fast), JSON.stringify(slow), `results differ for ${query}`)
      compared += fast.data.items.length > 0
    }
    assert.ok(compared >= 10, "too few queries found anything")
    // With the prebuilt index, lunr's tokenizer never ran: the table it was last handed is empty.
    assert.equal(workers[0].lunr.tokenizer.table.length, 0)
    assert.ok(workers[1].lunr.tokenizer.table.length > 0)
  })
}
