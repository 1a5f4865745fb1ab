/* Lazy, per-language search: a thin wrapper around Material's own search worker.
 *
 * overrides/main.html points Material at this file instead of its worker, adding `lang` (ko or
 * en) and `material` (the file name of Material's worker) to the URL. Material starts it on
 * every page and sends SETUP with the stub at search/search_index.json: we answer READY and do
 * nothing more until the reader types. The first QUERY loads Material's worker (lunr) and this
 * language's entries, search/<lang>.json, written by scripts/postbuild.py. Every query is then
 * rewritten by expand() and handed to Material's worker, whose answers go straight to the page.
 *
 * Material internals relied on (tests/test_search.py fails if an upgrade changes them): the
 * message types below, the {type, data} message shape, and a worker that listens with
 * addEventListener("message") and answers with postMessage.
 */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

const params = new URL(self.location.href).searchParams
const handedOff = new WeakSet()
let options = {}
let loading = null
let vocabulary = []  // sorted distinct tokens of this language's pages
let synonyms = {}    // other spellings -> glossary terms (data/codes.toml [[glossary]])
let separator = /[\s\-]+/

addEventListener("message", event => {
  if (handedOff.has(event)) return            // our own message for Material's listener
  event.stopImmediatePropagation()
  const { type, data } = event.data
  if (type === SETUP) {
    options = data.options
    postMessage({ type: READY })
  } else if (type === QUERY && !data.trim()) {
    postMessage({ type: RESULT, data: { items: [] } })   // Material asks once at start-up
  } else if (type === QUERY) {
    loading = loading || load()
    loading.then(() => handOff({ type, data: expand(data) }))
  }
})

function handOff(message) {
  const event = new MessageEvent("message", { data: message })
  handedOff.add(event)
  dispatchEvent(event)
}

async function load() {
  const ready = new Promise(resolve => {
    // Material's worker answers our SETUP with READY: keep that one to ourselves.
    const post = self.postMessage.bind(self)
    self.postMessage = message => message.type === READY ? resolve() : post(message)
  })
  importScripts(new URL(`javascripts/workers/${params.get("material")}`, self.location).href)
  const index = await (await fetch(new URL(`../search/${params.get("lang")}.json`, self.location))).json()
  separator = new RegExp(index.config.separator, "u")
  synonyms = index.synonyms || {}
  const tokens = new Set()
  for (const doc of index.docs)
    for (const token of `${doc.title} ${doc.text}`.replace(/<[^>]*>/g, " ").toLowerCase().split(separator))
      if (token) tokens.add(token)
  vocabulary = [...tokens].sort()
  handOff({ type: SETUP, data: { config: index.config, docs: index.docs, options } })
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

function rewrite(term) {
  if (known(term)) {
    // Korean has no morphology in lunr: also search the stem (인증된 -> 인증된 인증).
    const stem = /[\uac00-\ud7a3]$/.test(term) && stems(term).find(s => s.length >= 2 && known(s))
    return stem ? [term, stem] : [term]
  }
  for (const stem of stems(term))
    if (known(stem)) return [stem]
  if (/^[\uac00-\ud7a3]{4,}$/.test(term))
    for (const candidate of [term, ...stems(term)]) {
      const parts = segment(candidate)
      if (parts) return parts
    }
  return [term]
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
