/* The search itself, loaded by docs/assets/search-worker.js on the first query of a page view.
 *
 * load() brings Material's own search worker (lunr) and this language's entries,
 * search/<lang>.json, written by scripts/postbuild.py with the tables the rewriting uses and, when
 * Node was there at build time, the lunr index Material's worker would build from them
 * (scripts/searchindex.mjs): usePrebuilt() has Material's worker take that index instead of
 * indexing every entry. Every query is then rewritten (understand(), expand()) and handed to
 * Material's worker; its results are reordered (rank()) on their way to the page.
 *
 * Material internals relied on (tests/test_search.py fails if an upgrade changes them): the
 * message types below, the {type, data} message shape, the grouped result items, and a worker that
 * listens with addEventListener("message") and answers with postMessage.
 */
// SETUP, READY, QUERY and RESULT, Material's message types, are declared by search-worker.js.
const params = new URL(self.location.href).searchParams
const handedOff = new WeakSet()
let loading = null
let vocabulary = []  // sorted distinct tokens of this language's pages; with the prebuilt index,
let extraWords = []  // its terms, nearly the same words: these (sorted) are words too,
let notWords = new Set()  // these are not
let synonyms = {}    // other spellings -> glossary terms (data/codes.toml [[glossary]])
let constants = {}   // a name in code, as pasted (":conflict", "statusbadgateway") -> its code's page
let compounds = {}   // a Korean name without its spaces ("프록시인증필요") -> with them
let articles = {}    // page location -> words of its title and other names, for ranking
let separator = /[\s\-]+/
const pending = []   // what each query handed to Material's worker asked for, in order

// What search-worker.js calls: start loading (the reader is about to type), run a query, and tell
// our own messages to Material's worker apart.
self.search = {
  warm() {
    loading = loading || load().then(() => {
      // A query of our own, its results dropped: the first query of the reader then finds lunr's
      // and Material's code ready (warm), 30-60 ms sooner.
      pending.push(null)
      handOff({ type: QUERY, data: "418" })
    })
  },
  query(data) {
    loading = loading || load()
    loading.then(() => {
      const query = understand(data)
      pending.push(query)
      handOff({ type: QUERY, data: query.text })
    })
  },
  ownMessage: event => handedOff.has(event),
}

function handOff(message) {
  const event = new MessageEvent("message", { data: message })
  handedOff.add(event)
  dispatchEvent(event)
}

async function load() {
  const ready = new Promise(resolve => {
    // Material's worker answers our SETUP with READY: keep that one to ourselves.
    const post = self.postMessage.bind(self)
    self.postMessage = message => {
      if (message.type === READY) resolve()
      else if (message.type !== RESULT || !pending.length) post(message)
      else {
        const query = pending.shift()
        if (query) post(rank(message, query))
      }
    }
  })
  const entries = fetchEntries(new URL(`../search/${params.get("lang")}.json`, self.location))
  // Material's worker, requested by search-worker.js, imported once it is here: waiting for it
  // without blocking lets the entries decompress meanwhile.
  const material = await self.material
  if (!material.ok) throw new Error(`${material.url}: ${material.status}`)
  const code = URL.createObjectURL(new Blob([await material.text()], { type: "text/javascript" }))
  importScripts(code)
  URL.revokeObjectURL(code)
  const index = await entries
  separator = new RegExp(index.config.separator, "u")
  synonyms = index.synonyms || {}
  constants = index.constants || {}
  compounds = index.compounds || {}
  articles = index.articles || {}
  const prebuilt = index.prebuilt
  if (prebuilt) {
    vocabulary = prebuilt.terms
    extraWords = prebuilt.vocabulary.with
    notWords = new Set(prebuilt.vocabulary.without)
  } else {
    vocabulary = vocabularyOf(index.docs, separator)
  }
  // An index built for another worker (a cached file from an older deploy) is not used.
  const loaded = prebuilt && prebuilt.worker === params.get("material") && usePrebuilt(self.lunr, index.docs, prebuilt)
  handOff({ type: SETUP, data: { config: index.config, docs: index.docs, options: self.searchOptions } })
  await ready
  if (loaded) {
    loaded.restore()
    inBackground(loaded.rest())
  }
}

// Run an iterator's steps when the worker has nothing else to do (the first query is answered
// first), a few milliseconds at a time, so that a query never waits long behind them.
function inBackground(steps) {
  setTimeout(function run() {
    const until = performance.now() + 4
    while (performance.now() < until) if (steps.next().done) return
    setTimeout(run)
  })
}

// This language's entries. The build also writes them gzipped (<lang>.json.gz): where the browser
// can decompress them itself, that file is fetched (search-worker.js has already asked for it), so
// that a server which compresses what it sends does not first compress well over a megabyte for
// each reader. Should it be missing or not gzip after all (a server that decompressed it on the
// way), the plain file is fetched.
async function fetchEntries(url) {
  if (typeof DecompressionStream === "function") {
    try {
      const response = await (self.entries || fetch(`${url}.gz`))
      if (response.ok) return await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).json()
    } catch {}
  }
  return (await fetch(url)).json()
}

// Sorted distinct words of the entries' titles and text.
function vocabularyOf(docs, separator) {
  const tokens = new Set()
  for (const doc of docs)
    for (const token of `${doc.title} ${doc.text}`.replace(/<[^>]*>/g, " ").toLowerCase().split(separator))
      if (token) tokens.add(token)
  return [...tokens].sort()
}

/* ---- The prebuilt index --------------------------------------------------------------------- */

/* Material's Search class builds its lunr index in its constructor, on SETUP: lunr's Builder
 * tokenizes every entry, most of a second for this site. These patches of the Builder have that
 * build return the index built at build time by the same code (scripts/searchindex.mjs, which
 * describes the format), and make nothing before it is needed:
 *
 * - build() returns the prebuilt index, whose parts are decoded as lunr reads them: those the
 *   first query needs, then, in the background, the rest (rest()), so that later queries find all
 *   of it ready, as they would find an index built here.
 * - add() does nothing but find Material's position tables. Material keeps one per field of each
 *   entry, to highlight matches, in a Map of its own: lunr calls the field's extractor, which puts
 *   an empty table in the Map (`table.set(id, lunr.tokenizer.table = [])`), then the tokenizer,
 *   which fills it. The tables are only read for the results of a query, so that Map's `get` is
 *   replaced by one that decodes the prebuilt table when it is first read.
 *
 * restore() undoes the patches of the Builder.
 */
function usePrebuilt(lunr, docs, prebuilt) {
  const { add, build } = lunr.Builder.prototype
  const { set, get } = Map.prototype
  const { fields } = prebuilt
  let numbers = null   // location -> number of the entry, made on first use
  // The number of an entry's field (vectors and tables are in this order), or -1.
  const fieldNumber = (location, field) => {
    numbers ||= new Map(docs.map((doc, d) => [doc.location, d]))
    const d = numbers.get(location), f = fields.indexOf(field)
    return d === undefined || f < 0 ? -1 : d * fields.length + f
  }
  let tables = null    // Material's Map of position tables
  function getDecoded(id) {   // Material's tables.get(`${location}:${field}`)
    let table = get.call(this, id)
    if (table === undefined) {
      const colon = id.lastIndexOf(":"), i = fieldNumber(id.slice(0, colon), id.slice(colon + 1))
      if (i < 0 || prebuilt.tables[i] === null) return undefined   // a field without a value has none
      set.call(this, id, table = decodeTable(prebuilt.tables[i]))
    }
    return table
  }
  lunr.Builder.prototype.add = function (doc) {
    if (tables) return
    // The first Map an extractor puts a table in is Material's Map of tables.
    Map.prototype.set = function (id, table) {
      if (table === lunr.tokenizer.table) tables = this
      return set.call(this, id, table)
    }
    try {
      for (const name of Object.keys(this._fields)) this._fields[name].extractor(doc)
    } finally {
      Map.prototype.set = set
    }
    if (tables) {
      tables.clear()   // decoded when read, these too
      tables.get = getDecoded
    }
  }
  let index = null
  lunr.Builder.prototype.build = () => index = loadIndex(lunr, docs, prebuilt, fieldNumber)
  return {
    restore: () => Object.assign(lunr.Builder.prototype, { add, build }),
    *rest() {   // each step decodes one part
      for (const term of prebuilt.terms) yield index.invertedIndex[term]
      for (const doc of docs)
        for (const field of fields) {
          yield index.fieldVectors[`${field}/${doc.location}`]
          if (tables) yield tables.get(`${doc.location}:${field}`)
        }
    },
  }
}

// What lunr.Index.load() makes of a serialized index, but lazy: a query reads the postings of a
// few terms, the vectors of the fields that match and a few branches of the token set, and only
// those are decoded, when lunr first reads them.
function loadIndex(lunr, docs, { fields, pipeline, terms, postings, vectors }, fieldNumber) {
  const refs = docs.map(doc => doc.location)
  return new lunr.Index({
    fields,
    pipeline: lunr.Pipeline.load(pipeline),
    tokenSet: trie(lunr, terms),
    invertedIndex: lazyObject(() => terms, term => sortedIndex(terms, term),
      i => decodePosting(postings[i], fields, refs)),
    // keyed `${field}/${location}`, as lunr's FieldRef
    fieldVectors: lazyObject(() => refs.flatMap(ref => fields.map(field => `${field}/${ref}`)),
      key => fieldNumber(key.slice(key.indexOf("/") + 1), key.slice(0, key.indexOf("/"))),
      i => new lunr.Vector(decodeVector(vectors[i]))),
  })
}

// An object with keys() as its keys, in that order, each value decoded when first read:
// find(key) is its number (-1: no such key), decode(number) its value. A plain object would have
// to be made with every key, which alone takes longer than the rest of loading the index.
function lazyObject(keys, find, decode) {
  const values = new Map()
  const number = key => typeof key === "string" ? find(key) : -1
  const value = key => {
    const i = number(key)
    if (i >= 0 && !values.has(i)) values.set(i, decode(i))
    return values.get(i)
  }
  return new Proxy({}, {
    get: (_, key) => value(key),
    has: (_, key) => number(key) >= 0,
    ownKeys: keys,
    getOwnPropertyDescriptor(_, key) {
      const found = value(key)
      return found === undefined ? undefined : { value: found, writable: true, enumerable: true, configurable: true }
    },
  })
}

// The position of `term` in the sorted `terms`, or -1.
function sortedIndex(terms, term) {
  const i = lowerBound(terms, term)
  return terms[i] === term ? i : -1
}

// The first position in `sorted` of a string not before `value`.
function lowerBound(sorted, value) {
  let low = 0, high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid] < value) low = mid + 1; else high = mid
  }
  return low
}

const base36 = text => parseInt(text, 36)
// "3,1,4" -> [3, 4, 8]: each number was written as the difference from the one before.
const sums = texts => { let sum = 0; return texts.map(text => sum += base36(text)) }

// "index;field;..." -> {_index, [field]: {[ref]: {position: [...]}}}, as lunr's Builder makes it.
function decodePosting(code, fields, refs) {
  const [index, ...byField] = code.split(";")
  const posting = Object.create(null)
  posting._index = base36(index)
  fields.forEach((field, f) => {
    const matches = posting[field] = Object.create(null)
    let doc = 0
    for (const match of byField[f] ? byField[f].split(" ") : []) {
      const [gap, ...positions] = match.split(",")
      const metadata = matches[refs[doc += base36(gap)]] = Object.create(null)
      metadata.position = sums(positions)
    }
  })
  return posting
}

// "term,score,term,score,..." -> lunr.Vector elements [term, score, ...]
function decodeVector(code) {
  const numbers = code ? code.split(",") : [], elements = []
  for (let i = 0, term = 0; i < numbers.length; i += 2)
    elements.push(term += base36(numbers[i]), base36(numbers[i + 1]) / 1000)
  return elements
}

// "code,code;code,...;" -> rows of a position table, each entry back to Material's
// `start << 12 | length << 2 | type` (encodeEntry() in scripts/searchindex.mjs).
function decodeTable(code) {
  return code.split(";").slice(0, -1).map(row => {
    const entries = row ? row.split(",") : []
    for (let i = 0, end = 0; i < entries.length; i++) {
      const number = base36(entries[i]), length = number % 1024, rest = (number - length) / 1024
      const type = (rest % 3 + 1) % 3, zigzag = (rest - rest % 3) / 3
      const start = end + 1 + (zigzag % 2 ? -(zigzag + 1) / 2 : zigzag / 2)
      entries[i] = start << 12 | length << 2 | type
      end = start + length
    }
    return entries
  })
}

// lunr's token set: the trie of the index's terms, which lunr walks to expand a query term
// (prefix, fuzzy). A node is the terms from `low` to `high` (sorted), which share their first
// `depth` characters; it lists its edges when lunr first reads them, in the order lunr's own
// builder adds them (sorted), so that expanded terms come out in the same order.
function trie(lunr, terms) {
  function Node(low, high, depth) {
    Object.assign(this, { low, high, depth, final: low < high && terms[low].length === depth })
  }
  Node.prototype = Object.create(lunr.TokenSet.prototype)
  Object.defineProperty(Node.prototype, "edges", {
    get() {
      const { low, high, depth } = this, edges = {}
      for (let i = this.final ? low + 1 : low, j; i < high; i = j) {
        const char = terms[i].charCodeAt(depth)
        for (j = i + 1; j < high && terms[j].charCodeAt(depth) === char; j++);
        edges[terms[i][depth]] = new Node(i, j, depth + 1)
      }
      Object.defineProperty(this, "edges", { value: edges })
      return edges
    },
  })
  return new Node(0, terms.length, 0)
}

/* ---- Query rewriting -------------------------------------------------------------------- */

// Does any token start with `prefix`? (Material appends * to every term: a prefix match.)
function known(prefix) {
  for (let i = lowerBound(vocabulary, prefix); i < vocabulary.length && vocabulary[i].startsWith(prefix); i++)
    if (!notWords.has(vocabulary[i])) return true
  const i = lowerBound(extraWords, prefix)
  return i < extraWords.length && extraWords[i].startsWith(prefix)
}

// Korean particles and endings, longest first: 인증된 -> 인증, 페이지를 -> 페이지.
const ENDINGS = [
  "되었습니다", "했습니다", "됩니다", "합니다", "입니다", "에서는", "으로는", "에게서", "이라는",
  "되었을", "되었다", "되는", "되지", "되어", "된다", "되면", "하는", "하지", "하고", "해서", "하면",
  "에서", "으로", "에게", "까지", "부터", "처럼", "보다", "이나", "이란", "라는", "와의", "과의",
  "된", "됨", "할", "한", "함", "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과",
  "도", "만", "나", "고", "요",
]
// English inflections: redirects -> redirect, redirected -> redirect, expiring -> expir(e).
const SUFFIXES = ["ations", "ation", "ing", "ies", "es", "ed", "s", "d"]

function stems(term) {
  const hangul = /[\uac00-\ud7a3]$/.test(term)
  const out = []
  for (const end of hangul ? ENDINGS : SUFFIXES)
    if (term.endsWith(end) && term.length - end.length >= (hangul ? 1 : 3))
      out.push(term.slice(0, -end.length) + (end === "ies" ? "y" : ""))
  return out
}

// proxies -> proxy, statuses -> status, timeouts -> timeout (candidates, most likely first).
function singulars(term) {
  if (term.endsWith("ies")) return [term.slice(0, -3) + "y"]
  if (term.endsWith("es")) return [term.slice(0, -2), term.slice(0, -1)]
  if (term.endsWith("s") && !term.endsWith("ss")) return [term.slice(0, -1)]
  return []
}

// 서비스제공 -> 서비스 제공: split a Hangul run into known words (each at least 2 characters).
function segment(term) {
  if (known(term)) return [term]
  for (let i = term.length - 2; i >= 2; i--) {
    if (!known(term.slice(0, i))) continue
    const rest = segment(term.slice(i))
    if (rest) return [term.slice(0, i), ...rest]
  }
  return null
}

// British spellings of common words, tried when a word matches nothing: authorisation, behaviour.
const BRITISH = [[/isation$/, "ization"], [/is(e|ed|es|ing)$/, "iz$1"], [/our$/, "or"], [/yse$/, "yze"], [/lled$/, "led"]]

function rewrite(term) {
  for (const candidate of [term, ...stems(term)])
    if (compounds[candidate]) return compounds[candidate].split(" ")   // 프록시인증필요 -> 프록시 인증 필요
  if (known(term)) {
    // lunr has no morphology here: also search the stem of a Korean word (인증된 -> 인증된 인증) and
    // the singular of an English plural (proxies -> proxies proxy).
    const stem = /[\uac00-\ud7a3]$/.test(term)
      ? stems(term).find(s => s.length >= 2 && known(s))
      : singulars(term).find(s => s.length >= 3 && known(s))
    return stem ? [term, stem] : [term]
  }
  for (const stem of stems(term))
    if (known(stem)) return [stem]
  if (/^[\uac00-\ud7a3]{4,}$/.test(term))
    for (const candidate of [term, ...stems(term)]) {
      const parts = segment(candidate)
      if (parts) return parts
    }
  if (/^[a-z]+$/.test(term)) {
    for (const [ending, american] of BRITISH) {
      const candidate = term.replace(ending, american)
      if (candidate !== term && known(candidate)) return [candidate]
    }
    if (term.length >= 5) return [`${term}~1`]   // a misspelling: one edit away (lunr's fuzzy match)
  }
  return [term]
}

// A query that reads as a question or a comparison is best answered by a FAQ page.
const QUESTION = /[?？]|차이|비교|랑\b|랑 |중에|아니면|어느|어떤|\bvs\.?\b|\bversus\b|\bor\b|\bdifference\b|\bwhich\b/i

// What a query asks for: the text handed to Material's worker, the page a name in code points
// to, whether it reads as a question, and its words (to rank pages whose title they match).
function understand(query) {
  let pinned = null
  const words = query.trim().split(/\s+/).filter(Boolean).map(word => {
    const lower = word.toLowerCase()
    const page = constants[lower] || constants[lower.replace(/[^a-z0-9]/g, "")]
    if (!page) return word
    pinned = page
    return page.match(/(\d{3})\/$/)[1]                    // StatusBadGateway -> 502
  })
  const text = expand(words.join(" "))
  // Each word, with what it stands for (its stem, its glossary term), to match page titles.
  const terms = words.filter(w => !/^[+\-]|[*~^:]/.test(w)).map(word => {
    const lower = word.toLowerCase()
    const forms = [...rewrite(lower), ...(synonyms[lower] || [])].map(t => t.replace(/~1$/, "").toLowerCase())
    return [...new Set(forms.flatMap(t => [t, ...stems(t)]))].filter(f => f.length >= 2)
  })
  return { text, pinned, question: QUESTION.test(query), terms }
}

// Material's results, grouped by page, reordered: the page a name in code points to first; FAQ
// pages first for a question; then pages whose title or other names hold every word of the query;
// then pages that match more of the query's words anywhere (a page, not one section of it).
function rank(message, query) {
  const groups = message.data.items
  if (!groups || !groups.length) return message
  const faq = /(^|\/)faq\/[a-z0-9-]+\/$/
  const place = group => {
    const article = group.find(item => !item.location.includes("#")) || group[0]
    const key = article.location.split("#")[0]
    const title = (articles[key] || "").split(" ")
    const named = query.terms.length && query.terms.every(forms => forms.some(f => title.some(w => w.startsWith(f))))
    const matched = new Set(group.flatMap(item => Object.keys(item.terms || {}).filter(t => item.terms[t])))
    return [key === query.pinned ? 0 : 1, query.question && faq.test(key) ? 0 : 1, named ? 0 : 1, -matched.size]
  }
  const order = groups.map((group, i) => [place(group), i, group])
  order.sort((a, b) => a[0].reduce((d, x, k) => d || x - b[0][k], 0) || a[1] - b[1])
  return { ...message, data: { ...message.data, items: order.map(entry => entry[2]) } }
}

function expand(query) {
  const words = query.trim().split(/\s+/).filter(Boolean)
  const out = []
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (/^[+\-]|[*~^:]/.test(word)) { out.push(word); continue }   // explicit lunr syntax
    const lower = word.toLowerCase()
    const pair = i + 1 < words.length ? `${lower} ${words[i + 1].toLowerCase()}` : null
    if (pair && synonyms[pair]) { out.push(word, words[i + 1], ...synonyms[pair]); i++; continue }
    out.push(...rewrite(lower), ...(synonyms[lower] || []))
  }
  return out.join(" ")
}
