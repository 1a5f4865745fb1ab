// Unit tests of the query rewriting in docs/assets/search-query.js (run: node --test tests/js/).
// The worker script is loaded as it ships, into a sandbox that stands in for a worker's globals.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import vm from "node:vm"

const source = readFileSync(new URL("../../docs/assets/search-query.js", import.meta.url), "utf8")

function worker(words, synonyms = {}) {
  const sandbox = {
    self: { location: { href: "https://example.org/assets/search-worker.js?lang=ko&material=search.js" } },
    URL,
    addEventListener() {},
    postMessage() {},
    SETUP: 0, READY: 1, QUERY: 2, RESULT: 3,
  }
  vm.createContext(sandbox)
  // The index's vocabulary and synonyms are module state, filled when the index loads.
  vm.runInContext(`${source}\n;vocabulary = ${JSON.stringify([...words].sort())}; synonyms = ${JSON.stringify(synonyms)}`, sandbox)
  return sandbox
}

const ko = worker(["인증", "인증이", "페이지", "페이지가", "서비스", "제공", "요청", "리디렉션", "속도", "제한"],
                  { "리다이렉트": ["리디렉션"], "레이트 리밋": ["속도 제한"] })
const en = worker(["redirect", "retry", "proxy", "expired", "token", "unauthorized", "401"])

test("Korean particles and endings are reduced to a known stem", () => {
  assert.equal(ko.expand("인증된"), "인증")
  assert.equal(ko.expand("페이지를"), "페이지")
  assert.equal(ko.expand("요청이"), "요청")
})

test("a known Korean word is searched with its stem as well", () => {
  assert.equal(ko.expand("인증이"), "인증이 인증")
})

test("a Korean compound typed without spaces is split into known words", () => {
  assert.equal(ko.expand("서비스제공"), "서비스 제공")
})

test("other spellings lead to the glossary term, also for two-word spellings", () => {
  assert.equal(ko.expand("리다이렉트"), "리다이렉트 리디렉션")
  assert.equal(ko.expand("레이트 리밋"), "레이트 리밋 속도 제한")
})

test("English inflections are reduced to a known word", () => {
  assert.equal(en.expand("redirects"), "redirect")
  assert.equal(en.expand("redirected"), "redirect")
  assert.equal(en.expand("Token Expired"), "token expired")
})

test("explicit lunr syntax and unknown words are left alone", () => {
  assert.equal(en.expand("+401 -proxy"), "+401 -proxy")
  assert.equal(en.expand("retry~1"), "retry~1")
  assert.equal(en.expand("yeti"), "yeti")  // four letters: no fuzzy match
  assert.equal(ko.expand("   "), "")
})

// Names in code, Korean names without spaces, misspellings and ranking (data written by
// scripts/postbuild.py into search/<lang>.json).
function withData(words, data) {
  const sandbox = worker(words)
  vm.runInContext(`constants = ${JSON.stringify(data.constants || {})}; compounds = ${JSON.stringify(data.compounds || {})}; articles = ${JSON.stringify(data.articles || {})}`, sandbox)
  return sandbox
}

const data = {
  constants: { statusbadgateway: "en/codes/502/", httpstatusconflict: "en/codes/409/", conflict: "en/codes/409/" },
  compounds: { "프록시인증필요": "프록시 인증 필요" },
  articles: { "en/codes/502/": "502 bad gateway", "en/codes/500/": "500 internal server error",
              "en/faq/401-vs-403/": "401 or 403", "codes/407/": "407 proxy authentication required 프록시 인증 필요" },
}
const enData = withData(["502", "bad", "gateway", "authorization", "unavailable", "proxy", "timeout", "redirect", "401", "403"], data)
const koData = withData(["프록시", "인증", "필요", "407"], data)

test("a name pasted from code points to its code's page", () => {
  const query = enData.understand("StatusBadGateway")
  assert.equal(query.pinned, "en/codes/502/")
  assert.equal(query.text, "502")
  assert.equal(enData.understand("HttpStatus.CONFLICT").pinned, "en/codes/409/")
  assert.equal(enData.understand(":conflict").pinned, "en/codes/409/")
})

test("a Korean name typed without spaces is searched with them", () => {
  assert.equal(koData.expand("프록시인증필요"), "프록시 인증 필요")
  assert.equal(koData.expand("프록시인증필요를"), "프록시 인증 필요")
})

test("a misspelling gets a one-edit fuzzy match, a British spelling the American one", () => {
  assert.equal(enData.expand("unavailible"), "unavailible~1")
  assert.equal(enData.expand("authorisation"), "authorization")
  assert.equal(enData.expand("gate"), "gate")          // short words are left alone
})

test("plurals and inflections are reduced on every word", () => {
  assert.equal(enData.expand("proxies"), "proxy")
  assert.equal(enData.expand("timeouts"), "timeout")
  assert.equal(enData.expand("redirecting"), "redirect")
})

test("results are reordered: the pinned page, then FAQ pages for a question, then title matches", () => {
  const group = location => [{ location }, { location: location + "#x" }]
  const message = { type: 3, data: { items: [group("en/codes/500/"), group("en/faq/401-vs-403/"), group("en/codes/502/")] } }
  const first = result => result.data.items[0][0].location
  assert.equal(first(enData.rank(message, enData.understand("StatusBadGateway"))), "en/codes/502/")
  assert.equal(first(enData.rank(message, enData.understand("401 vs 403"))), "en/faq/401-vs-403/")
  assert.equal(first(enData.rank(message, enData.understand("bad gateway"))), "en/codes/502/")
  assert.equal(first(enData.rank(message, enData.understand("error"))), "en/codes/500/")
})
