/* Each language's search index, built at build time exactly as Material's worker builds it in the
 * browser, so that the first query of a page view has nothing to index. scripts/searchindex.py
 * runs this; docs/assets/search-query.js loads what it writes (usePrebuilt()).
 *
 *   node scripts/searchindex.mjs WORKER < {"ko": {config, docs}, ...} > {"ko": prebuilt, ...}
 *
 * WORKER is Material's search worker (lunr and Material's tokenizer, bundled). It runs here in a vm
 * sandbox standing in for a worker's globals, gets the SETUP message the browser would send, and
 * the lunr index it builds is captured and written compactly, numbers in base 36:
 *
 *   worker      Material's worker file name: the browser uses the index only with that worker
 *   lunr        lunr's version
 *   fields      lunr's fields, in order
 *   pipeline    lunr's search pipeline
 *   terms       the index's terms, sorted (lunr's token set is the trie of them)
 *   postings    per term: "index;field;field;...", lunr's number of the term, then for each field
 *               "doc,position,position doc,..." (doc: its number in `docs`); each doc and each
 *               position written as the difference from the one before
 *   vectors     per document, per field: "term,score,term,score,..." (term: its number, as the
 *               difference from the one before; score: lunr's, rounded to thousandths by lunr,
 *               times 1000)
 *   tables      per document, per field: Material's position table of the field (to highlight
 *               matches), "entry,entry;entry,...;" (each row ends with ";"; encodeEntry()), or
 *               null for a field without a value
 *   vocabulary  {with, without}: the words the query rewriting knows (search-query.js,
 *               vocabularyOf()) are the terms, with and without these few
 *
 * Before anything is written, all of it is decoded the way the browser decodes it and must be
 * identical to what Material built.
 */
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import vm from "node:vm"

const QUERY_SCRIPT = new URL("../docs/assets/search-query.js", import.meta.url)
const SETUP = 0, READY = 1

// A worker's globals, as far as Material's worker and ours use them, for scripts run in a vm
// sandbox: self, location, importScripts and fetch (of file: URLs and of scripts made into object
// URLs), postMessage (to `onMessage`), message events, timers, broadcast channels (`channels`).
export function workerScope(location, { onMessage = () => {}, fetch = fetchFile } = {}) {
  const events = new EventTarget()
  const blobs = new Map()   // object URL -> text: a script made of a Blob, as search-query.js does
  const scope = {
    console, MessageEvent, Response, DecompressionStream, performance, setTimeout, fetch,
    Blob: class { constructor(parts) { this.text = parts.join("") } },
    // A page's messages (site.js) reach a channel as channel.onmessage({data}), by hand.
    BroadcastChannel: class { constructor(name) { scope.channels[name] = this } },
    channels: {},
    URL: class extends URL {
      static createObjectURL(blob) { const url = `blob:${blobs.size}`; blobs.set(url, blob.text); return url }
      static revokeObjectURL(url) { blobs.delete(url) }
    },
    location: new URL(location),
    addEventListener: events.addEventListener.bind(events),
    dispatchEvent: events.dispatchEvent.bind(events),
    postMessage: message => onMessage(message),
    importScripts: (...urls) => {
      for (const url of urls)
        vm.runInContext(blobs.get(url) ?? readFileSync(new URL(url)), scope, { filename: String(url) })
    },
  }
  scope.self = scope
  return vm.createContext(scope)
}

export async function fetchFile(url) {
  const path = fileURLToPath(url)
  return existsSync(path) ? new Response(readFileSync(path)) : new Response(null, { status: 404 })
}

// Material's worker, with search-query.js (for usePrebuilt() and vocabularyOf()), ready for SETUP.
function material(worker) {
  let ready
  const scope = workerScope(pathToFileURL(worker), { onMessage: message => message.type === READY && ready() })
  scope.importScripts(pathToFileURL(worker), QUERY_SCRIPT)
  scope.setup = data => new Promise(resolve => {
    ready = resolve
    scope.dispatchEvent(new MessageEvent("message", { data: { type: SETUP, data } }))
  })
  return scope
}

// The lunr index that Material's SETUP builds, and the position table of each field of each
// document (null: no value), in lunr's order.
async function indexOf(scope, data) {
  const { lunr } = scope, { field, build } = lunr.Builder.prototype
  const built = { tables: [] }
  lunr.Builder.prototype.field = function (name, attributes) {
    field.call(this, name, {
      ...attributes,
      extractor: doc => {
        const value = attributes.extractor(doc)   // Material's extractor starts the table...
        built.tables.push(value === undefined ? null : lunr.tokenizer.table)   // ...lunr fills it next
        return value
      },
    })
  }
  lunr.Builder.prototype.build = function () {
    return built.index = build.call(this)
  }
  await scope.setup(data)
  return built
}

const b36 = n => n.toString(36)
const differences = numbers => numbers.map((n, i) => b36(n - (i ? numbers[i - 1] : 0)))

// A table entry is `start << 12 | length << 2 | type` (Material's tokenizer). Written instead: the
// gap from the end of the entry before, the length and the type, as one number in which a word
// one space after the one before is its length: below 1024, one or two digits.
function encodeEntry(entry, end) {
  const start = entry >>> 12, length = entry >>> 2 & 0x3ff, type = entry & 3
  const gap = start - end - 1, zigzag = gap >= 0 ? 2 * gap : -2 * gap - 1
  return [b36(length + 1024 * ((type + 2) % 3 + 3 * zigzag)), start + length]
}

function encodeTable(table) {
  return table.map(row => {
    let end = 0, code
    return row.map(entry => ([code, end] = encodeEntry(entry, end), code)).join(",") + ";"
  }).join("")
}

function encode(lunr, { index, tables }, docs, vocabulary) {
  const number = new Map(docs.map((doc, i) => [doc.location, i]))
  if (number.size !== docs.length) throw new Error("two search entries have the same location")
  const { fields } = index
  const terms = Object.keys(index.invertedIndex).sort()
  const postings = terms.map(term => {
    const posting = index.invertedIndex[term]
    return [b36(posting._index), ...fields.map(field => {
      const refs = Object.keys(posting[field])
      const gaps = differences(refs.map(ref => number.get(ref)))
      return refs.map((ref, i) => [gaps[i], ...differences(posting[field][ref].position)].join(",")).join(" ")
    })].join(";")
  })
  // lunr makes a vector for every field of every document, in this order.
  const refs = docs.flatMap(doc => fields.map(field => `${field}/${doc.location}`))
  if (Object.keys(index.fieldVectors).join("\n") !== refs.join("\n") || tables.length !== refs.length)
    throw new Error("unexpected order of vectors or tables")
  const vectors = refs.map(ref => {
    const elements = index.fieldVectors[ref].elements
    const gaps = differences(elements.filter((_, i) => i % 2 === 0))
    return gaps.map((gap, i) => `${gap},${b36(Math.round(elements[2 * i + 1] * 1000))}`).join(",")
  })
  const known = new Set(terms), words = new Set(vocabulary)
  return {
    lunr: lunr.version,
    fields,
    pipeline: index.pipeline.toJSON(),
    terms,
    postings,
    vectors,
    tables: tables.map(table => table && encodeTable(table)),
    vocabulary: { with: vocabulary.filter(word => !known.has(word)), without: terms.filter(term => !words.has(term)) },
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

export async function prebuild(worker, { config, docs }) {
  // (Each SETUP gets its own copy of the entries: Material adds to them.)
  const scope = material(worker)
  const built = await indexOf(scope, { config, docs: structuredClone(docs), options: {} })
  if (!built.index) throw new Error("Material's worker built no index")
  const vocabulary = scope.vocabularyOf(docs, new RegExp(config.separator, "u"))
  const prebuilt = { worker: worker.split("/").pop(), ...encode(scope.lunr, built, docs, vocabulary) }

  // Load it back as the browser does, and compare.
  const again = material(worker), copy = structuredClone(docs)
  const loaded = again.usePrebuilt(again.lunr, copy, structuredClone(prebuilt))
  const { index } = await indexOf(again, { config, docs: copy, options: {} })
  loaded.restore()
  if (!same(index.toJSON(), built.index.toJSON())) throw new Error("the prebuilt index does not load back the same")
  if (!same(index.tokenSet.toArray(), built.index.tokenSet.toArray())) throw new Error("the prebuilt token set differs")
  if (!same(prebuilt.tables.map(code => code === null ? null : again.decodeTable(code)), built.tables))
    throw new Error("the prebuilt position tables differ")
  return prebuilt
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [worker] = process.argv.slice(2)
  const entries = JSON.parse(readFileSync(0, "utf8"))
  const out = {}
  for (const [lang, entry] of Object.entries(entries)) out[lang] = await prebuild(worker, entry)
  process.stdout.write(JSON.stringify(out))
}
