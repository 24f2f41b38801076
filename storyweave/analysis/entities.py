"""Entities merged across articles: one record per person, place or organisation.

Variants fold into the longest name they are part of: "Carroll", "Chad Carroll" and
"Col. Chad G. Carroll" are one person when the cluster names no other Carroll.
"""
from __future__ import annotations

import re
from collections import defaultdict

from storyweave.records import Doc, Entity

# The kinds a reader asks "who" or "where" about; dates and numbers go to the timeline
# and the claims instead.
KEPT_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE",
               "FAC": "PLACE", "NORP": "GROUP", "EVENT": "EVENT"}
TITLES = re.compile(r"^(?:(?:mr|mrs|ms|dr|col|gen|lt|capt|sgt|maj|adm|sen|rep|gov|pres|prof|"
                    r"colonel|general|president|prime minister|minister|judge|rev|sir|"
                    r"the)\.?\s+)+", re.I)


def name_key(text: str) -> str:
    """Lower-case name without titles, possessives or initials' dots."""
    text = TITLES.sub("", text.strip())
    text = re.sub(r"['’]s$", "", text)
    return " ".join(re.sub(r"[^\w\s-]", "", text.lower()).split())


def merge_entities(docs: list[Doc]) -> list[Entity]:
    """Entities of all articles merged by label and name variant, most cited first."""
    mentions = defaultdict(lambda: defaultdict(set))  # (label, key) -> surface -> articles
    for doc in docs:
        for _, _, label, text in doc.entities:
            kind = KEPT_LABELS.get(label)
            key = name_key(text)
            if kind and key and len(key) > 1:
                mentions[(kind, key)][text.strip()].add(doc.article.id)
    merged: dict[tuple[str, str], tuple[str, str]] = {}
    keys = sorted(mentions, key=lambda k: -len(k[1]))
    for kind, key in keys:
        target = (kind, key)
        if kind == "PERSON":
            # A short name joins the unique longer name that ends (or starts) with it.
            longer = [k for k in keys if k[0] == kind and k[1] != key and
                      (k[1].endswith(" " + key) or k[1].startswith(key + " ") or
                       _same_person(k[1], key))]
            if len({merged.get(k, k) for k in longer}) == 1:
                target = merged.get(longer[0], longer[0])
        merged[(kind, key)] = target
    groups = defaultdict(lambda: defaultdict(set))
    for k, surfaces in mentions.items():
        for surface, arts in surfaces.items():
            groups[merged[k]][surface] |= arts
    entities = []
    for (kind, _), surfaces in groups.items():
        articles = sorted(set().union(*surfaces.values()))
        best = max(surfaces, key=lambda s: (len(surfaces[s]), len(TITLES.sub("", s))))
        entities.append(Entity(text=TITLES.sub("", best) or best, label=kind,
                               articles=articles, variants=sorted(surfaces)))
    entities.sort(key=lambda e: (-len(e.articles), e.label, e.text))
    return entities


def _same_person(long: str, short: str) -> bool:
    """"chad g carroll" and "chad carroll": same first and last name."""
    a, b = long.split(), short.split()
    return len(a) > 2 and len(b) >= 2 and a[0] == b[0] and a[-1] == b[-1]
