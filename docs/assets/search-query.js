/* The search itself, loaded by docs/assets/search-worker.js on the first query of a page view.
 *
 * load() brings Material's own search worker (lunr) and this language's entries,
 * search/<lang>.json, written by scripts/postbuild.py with the tables the rewriting uses. Every
 * query is then rewritten (understand(), expand()) and handed to Material's worker; its results
 * are reordered (rank()) on their way to the page.
 *
 * Material internals relied on (tests/test_search.py fails if an upgrade changes them): the
 * message types below, the {type, data} message shape, the grouped result items, and a worker that
 * listens with addEventListener("message") and answers with postMessage.
 */
// SETUP, READY, QUERY and RESULT, Material's message types, are declared by search-worker.js.
const params = new URL(self.location.href).searchParams
const handedOff = new WeakSet()
let loading = null
let vocabulary = []  // sorted distinct tokens of this language's pages
let synonyms = {}    // other spellings -> glossary terms (data/codes.toml [[glossary]])
let constants = {}   // a name in code, as pasted (":conflict", "statusbadgateway") -> its code's page
let compounds = {}   // a Korean name without its spaces ("프록시인증필요") -> with them
let articles = {}    // page location -> words of its title and other names, for ranking
let separator = /[\s\-]+/
const pending = []   // what each query handed to Material's worker asked for, in order

// What search-worker.js calls: run a query, and tell our own messages to Material's worker apart.
self.search = {
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
      else post(message.type === RESULT && pending.length ? rank(message, pending.shift()) : message)
    }
  })
  importScripts(new URL(`javascripts/workers/${params.get("material")}`, self.location).href)
  const index = await (await fetch(new URL(`../search/${params.get("lang")}.json`, self.location))).json()
  separator = new RegExp(index.config.separator, "u")
  synonyms = index.synonyms || {}
  constants = index.constants || {}
  compounds = index.compounds || {}
  articles = index.articles || {}
  const tokens = new Set()
  for (const doc of index.docs)
    for (const token of `${doc.title} ${doc.text}`.replace(/<[^>]*>/g, " ").toLowerCase().split(separator))
      if (token) tokens.add(token)
  vocabulary = [...tokens].sort()
  handOff({ type: SETUP, data: { config: index.config, docs: index.docs, options: self.searchOptions } })
  await ready
}

/* ---- Query rewriting -------------------------------------------------------------------- */

// Does any token start with `prefix`? (Material appends * to every term: a prefix match.)
function known(prefix) {
  let low = 0, high = vocabulary.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (vocabulary[mid] < prefix) low = mid + 1; else high = mid
  }
  return low < vocabulary.length && vocabulary[low].startsWith(prefix)
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
