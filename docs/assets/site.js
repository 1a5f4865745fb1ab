// Small behaviours on top of Material, without dependencies.

// Copy buttons of the permanent-link box (overrides/partials/permalink.html): copy, then say so
// in the box's live region, so keyboard and screen-reader users hear that it worked.
document.addEventListener("click", async event => {
  const button = event.target.closest("[data-hsc-copy]")
  if (!button) return
  const status = button.parentElement.querySelector("[data-hsc-copied]")
  try {
    await navigator.clipboard.writeText(button.dataset.hscCopy)
    status.textContent = `${status.dataset.hscCopied} ${button.dataset.hscCopy}`
  } catch {
    status.textContent = button.dataset.hscCopy  // no clipboard access: show the text to copy by hand
  }
})

// Language switcher: keep the section. Section ids are the same in both languages, so the twin
// page has the same anchor; add it to the link when it is followed (click or keyboard).
document.addEventListener("click", event => {
  const link = event.target.closest("a.md-select__link[hreflang]")
  if (link && location.hash) link.href = link.href.split("#")[0] + location.hash
}, true)

// Palette switch: suspend transitions until the new colours are drawn (site.css). Material marks
// <body> for this at every page load too, which restyles the whole page twice, so its rule is left
// out (scripts/postbuild.py). Capture phase: this runs before Material applies the palette.
document.addEventListener("change", event => {
  if (!event.target.matches("input[data-md-color-media]")) return
  document.body.setAttribute("data-hsc-switching", "")
  requestAnimationFrame(() => requestAnimationFrame(() => document.body.removeAttribute("data-hsc-switching")))
}, true)

// Material puts each code block's copy button in a <nav>. With several code blocks on a page (the
// "how to send it" tabs) these are landmarks without names (axe: landmark-unique); it is a
// toolbar, not navigation. Material adds them as blocks appear, hence the observer.
new MutationObserver(records => {
  for (const record of records)
    for (const node of record.addedNodes)
      if (node.nodeName === "NAV" && node.classList.contains("md-code__nav")) node.setAttribute("role", "none")
}).observe(document.body, { childList: true, subtree: true })

// Search: the worker loads this language's index when it is first needed. Tell it as soon as the
// search box gets the focus (a click, Material's "/" or "s" shortcut), so that the index loads
// while the reader types (docs/assets/search-worker.js listens on this channel).
const searchBox = document.querySelector("input[data-md-component=search-query]")
if (searchBox && "BroadcastChannel" in window)
  searchBox.addEventListener("focus", () => {
    new BroadcastChannel(`search-${document.documentElement.lang}`).postMessage("warm")
  }, { once: true })
