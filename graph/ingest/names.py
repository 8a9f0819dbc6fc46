"""The parties an article names, found with the graph's own names and aliases.

:class:`NameFinder` is built from the alias tables of
:class:`graph.importers.resolve.resolver.Resolver` (``schema:name``,
``schema:alternateName`` including the Chinese ``@zh`` names, ``skos:altLabel``), so the
folding rules are the importers' (:func:`graph.importers.resolve.names.fold`): case,
punctuation and legal suffixes; accents are dropped before. A platform ("AWS",
"Google Cloud", "阿里云") stands for its operator. A capitalised name that matches no alias
exactly but is a near miss of one (rapidfuzz ratio >= 88, e.g. "Antropic") resolves
too; anything else stays unresolved and is proposed as a new entity, never guessed.

Examples
--------
>>> finder = NameFinder({"anthropic": "id:anthropic", "亚马逊": "id:amazon",
...                      "amazon": "id:amazon", "arm holdings": "id:arm", "arm": "id:arm"})
>>> [(m.iri, m.start) for m in finder.find("Amazon backs Antropic; 亚马逊投资。An arm")]
[('id:amazon', 0), ('id:anthropic', 13), ('id:amazon', 23)]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import rdflib
from rapidfuzz import fuzz, process

from graph.importers.resolve.names import fold
from graph.importers.resolve.resolver import Kind, Resolver
from graph.vocab import AIKG

__all__ = ["Mention", "NameFinder", "normalise"]

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(rf"[{_CJK}]")
#: Capitalised word runs: candidates for near misses and new entities.
_PROPER = re.compile(r"\b[A-Z][A-Za-z0-9&.'-]*(?:\s+[A-Z][A-Za-z0-9&'-]*)*")
#: Capitalised words that open sentences or name no party.
_COMMON = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "It",
        "Its",
        "As",
        "At",
        "By",
        "For",
        "From",
        "If",
        "Of",
        "Or",
        "So",
        "To",
        "With",
        "And",
        "But",
        "This",
        "That",
        "These",
        "Those",
        "Separately",
        "Analysts",
        "AI",
        "Neither",
        "No",
        "Under",
        "Within",
        "Investors",
        "Meanwhile",
        "However",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


@dataclass(frozen=True)
class Mention:
    """A party named in the text: its span, the entity IRI and how it was found."""

    start: int
    end: int
    iri: str
    #: ``alias`` (exact after folding) or ``fuzzy`` (near miss)
    how: str = "alias"


def normalise(text: str) -> str:
    """Fold ``text`` character by character, keeping its length (spans stay valid).

    Letters lose accents and case; anything but letters, digits and CJK becomes a space.

    Examples
    --------
    >>> normalise("Mistral-AI, Zürich 智谱")
    'mistral ai  zurich 智谱'
    """
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1].casefold()[:1] or " "
        out.append(base if base.isalnum() and (base.isascii() or _CJK_CHAR.match(base)) else " ")
    return "".join(out)


class NameFinder:
    """Finds entity names in text.

    Parameters
    ----------
    aliases : mapping
        Folded alias (:func:`fold`) -> entity IRI.
    names : mapping, optional
        Entity IRI -> name to show.
    providers : frozenset of str
        Companies that sell compute, which a deal without a verb of supply has as provider.
    """

    def __init__(
        self,
        aliases: Mapping[str, str],
        names: Mapping[str, str] | None = None,
        providers: frozenset[str] = frozenset(),
    ) -> None:
        self.aliases = dict(aliases)
        #: entity IRI -> its schema:name, for display
        self.names = dict(names or {})
        #: companies that sell compute (role CloudProvider or NeoCloud): the provider side
        self.providers = providers
        #: the graph's chips and platforms by name (set by :meth:`from_graph`)
        self.things: NameFinder | None = None
        #: platform IRI -> its operator's IRI
        self.operators: dict[str, str] = {}
        #: chip IRI -> its designer's IRI
        self.designers: dict[str, str] = {}
        self._seen: dict[str, list[Mention]] = {}
        keys = sorted(self.aliases, key=len, reverse=True)
        latin, cjk = [], []
        for key in keys:
            words = [re.escape(w) for w in key.split()]
            if _CJK_CHAR.search(key):
                cjk.append(r"\s*".join(words))
            else:
                latin.append(r"\s+".join(words))
        # one pair of word boundaries around all Latin names: far faster than one per name
        parts = []
        if latin:
            parts.append(r"(?<![0-9a-z])(?:" + "|".join(latin) + r")(?![0-9a-z])")
        if cjk:
            parts.append("|".join(cjk))
        self._pattern = re.compile("|".join(parts)) if parts else None
        self._latin = [k for k in keys if not _CJK_CHAR.search(k) and len(k) >= 5]

    @classmethod
    def from_graph(cls, g: rdflib.Graph) -> NameFinder:
        """Build the finder from a graph's companies and platforms (platform -> operator)."""
        resolver = Resolver.from_graph(g)
        aliases: dict[str, str] = {}
        for key, iri in resolver.tables.get(Kind.PLATFORM, {}).items():
            operator = resolver.operators.get(iri) if iri is not None else None
            if operator is not None:
                aliases[key] = str(operator)
        for key, iri in resolver.tables.get(Kind.ORG, {}).items():
            if iri is not None:
                aliases[key] = str(iri)
        providers = frozenset(
            str(s)
            for role in (AIKG.CloudProvider, AIKG.NeoCloud)
            for s in g.subjects(AIKG.role, role)
        )
        finder = cls(aliases, {str(k): v for k, v in resolver.names.items()}, providers)
        things = {
            key: str(iri)
            for kind in (Kind.CHIP, Kind.PLATFORM)
            for key, iri in resolver.tables.get(kind, {}).items()
            if iri is not None
        }
        finder.things = cls(things, finder.names)
        finder.operators = {str(p): str(o) for p, o in resolver.operators.items()}
        finder.designers = {
            str(chip): str(min(designers))
            for chip, designers in resolver.chip_designers.items()
            if designers
        }
        return finder

    def find(self, text: str) -> list[Mention]:
        """Return the parties named in ``text`` (exact aliases and near misses), in order."""
        cached = self._seen.get(text)
        if cached is None:
            cached = self._find(text)
            if len(self._seen) > 512:
                self._seen.clear()
            self._seen[text] = cached
        return list(cached)

    def _find(self, text: str) -> list[Mention]:
        mentions: list[Mention] = []
        if self._pattern is not None:
            folded = normalise(text)
            for m in self._pattern.finditer(folded):
                original = text[m.start() : m.end()]
                key = " ".join(m.group().split())
                iri = self.aliases.get(key) or self.aliases.get(fold(original))
                if iri is None:
                    continue
                if original.isascii() and original.islower():
                    continue  # "arm", "meta" as common words
                mentions.append(Mention(m.start(), m.end(), iri))
        taken = [(m.start, m.end) for m in mentions]
        for m in _PROPER.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            word = m.group()
            key = fold(word)
            if word in _COMMON or len(key) < 6 or not self._latin:
                continue
            hit = process.extractOne(key, self._latin, scorer=fuzz.ratio, score_cutoff=88)
            if hit is not None and hit[0][:1] == key[:1]:  # a typo seldom hits the first letter
                mentions.append(Mention(m.start(), m.end(), self.aliases[hit[0]], "fuzzy"))
        mentions.sort(key=lambda x: x.start)
        return mentions

    def unknown_names(self, text: str) -> list[tuple[int, int, str]]:
        """Capitalised names in ``text`` that match no entity: ``(start, end, name)``."""
        known = self.find(text)
        found = []
        for m in _PROPER.finditer(text):
            word = m.group().strip(".'")
            if word in _COMMON or any(k.start < m.end() and m.start() < k.end for k in known):
                continue
            found.append((m.start(), m.start() + len(word), word))
        return found
