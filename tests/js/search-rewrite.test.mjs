// Unit tests of the query rewriting in docs/assets/search-worker.js (run: node --test tests/js/).
// The worker script is loaded as it ships, into a sandbox that stands in for a worker's globals.
import { test } from "node:test"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import vm from "node:vm"

const source = readFileSync(new URL("../../docs/assets/search-worker.js", import.meta.url), "utf8")

function worker(words, synonyms = {}) {
  const sandbox = {
    self: { location: { href: "https://example.org/assets/search-worker.js?lang=ko&material=search.js" } },
    URL,
    addEventListener() {},
    postMessage() {},
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
  assert.equal(en.expand("zebra"), "zebra")
  assert.equal(ko.expand("   "), "")
})
