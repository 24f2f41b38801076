// The story page's one behaviour: a citation number opens its source in the reader beside
// the summary, with the sentence that backs the claim highlighted.
"use strict";

function openSource(link) {
  const reader = document.getElementById("reader");
  const source = document.getElementById("src-" + link.dataset.n);
  if (!reader || !source) return false;
  // "start-end" pairs: the sentences of this source that state the claim
  const spans = link.dataset.spans.split(" ").filter(Boolean)
    .map((range) => range.split("-").map(Number));
  reader.querySelector(".placeholder").hidden = true;
  for (const article of reader.querySelectorAll("article.source")) {
    article.hidden = article !== source;
  }
  let first = null;
  for (const span of source.querySelectorAll("span[data-s]")) {
    const s = Number(span.dataset.s), e = Number(span.dataset.e);
    const lit = spans.some(([start, end]) => s >= start && e <= end && end > start);
    span.classList.toggle("hl", lit);
    if (lit && !first) first = span;
  }
  source.querySelector(".near-note").hidden = !link.classList.contains("near") || !first;
  deactivate();
  link.classList.add("active");
  reader.classList.add("open");
  if (stacked(reader)) {
    (first || source).scrollIntoView({block: first ? "center" : "start"});
  } else {  // the sentence a third of the way down, below the source's sticky header
    reader.scrollTop = first ? Math.max(0, first.offsetTop - reader.clientHeight / 3) : 0;
  }
  return true;
}

// On a narrow screen the reader sits below the digest and the page itself scrolls.
function stacked(reader) {
  return getComputedStyle(reader).position !== "sticky";
}

function deactivate() {
  for (const link of document.querySelectorAll("a.cite.active")) link.classList.remove("active");
}

function closeSource() {
  const reader = document.getElementById("reader");
  if (!reader) return;
  const active = document.querySelector("a.cite.active");
  for (const article of reader.querySelectorAll("article.source")) article.hidden = true;
  deactivate();
  reader.querySelector(".placeholder").hidden = false;
  reader.classList.remove("open");
  if (active && stacked(reader)) active.scrollIntoView({block: "center"});
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.cite");
  if (link && openSource(link)) {
    event.preventDefault();
  } else if (event.target.closest("button.close")) {
    closeSource();
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeSource();
});
