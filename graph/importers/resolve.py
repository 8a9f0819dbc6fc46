r"""Entity resolution: names in third-party data to curated IRIs, never by guess.

The alias table is data: the ``schema:name``, ``schema:alternateName`` and ``skos:altLabel``
values of the curated organisations (companies, government bodies), model
families, chips and cloud platforms. A name resolves when its *folded* form
(Unicode NFKC, case-folded, punctuation and whitespace collapsed, a trailing
legal suffix such as "Inc." or "Ltd" dropped; "AI" is **not** dropped, so
"Scale AI" never becomes "Scale") equals the folded form of exactly one curated
label of the asked kind. A folded key shared by two entities is ambiguous and
resolves to nothing. Names that do not resolve are returned with ``iri=None``;
:class:`Minter` turns them into new nodes flagged ``aikg:unresolved true``.

Cells of Epoch AI's CSVs are handled explicitly:

- ``"Google DeepMind, Google"`` -- several organisations in one cell
  (:func:`split_cell`; a comma before a legal suffix such as ", Inc." is kept);
- ``"Amazon #confident"`` -- an annotation tag, returned as the confidence;
- ``"United States of America,China"`` -- country lists (:func:`country_codes`).

Model names and provider model ids map to model families through an ordered
rule table (:data:`FAMILY_RULES`, for the families curated as open/closed
splits such as Qwen / Qwen API models) and then through the longest family
name or alias that is a token prefix of the name.

Examples
--------
>>> import rdflib
>>> g = rdflib.Graph().parse(format="turtle", data='''
... @prefix aikg: <https://w3id.org/aikg/ontology#> .
... @prefix id: <https://w3id.org/aikg/id/> .
... @prefix schema: <https://schema.org/> .
... id:amazon a aikg:Company ; schema:name "Amazon" ; schema:alternateName "Amazon Web Services" .
... id:google a aikg:Company ; schema:name "Google" ; schema:alternateName "Google DeepMind" .
... ''')
>>> r = Resolver.from_graph(g)
>>> res = r.resolve("Amazon Web Services, Inc. #confident", Kind.ORG)
>>> res.name, res.iri.rsplit("/", 1)[-1], res.confidence
('Amazon Web Services, Inc.', 'amazon', 'confident')
>>> [t.name for t in split_cell("Google DeepMind, Google")]
['Google DeepMind', 'Google']
>>> r.resolve("Stanford University", Kind.ORG).iri is None
True
>>> country_codes("United States of America,China,Multinational")
['US', 'CN']
>>> fold("  Meta Platforms, Inc. ")
'meta platforms'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import pyoxigraph as ox
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from graph.importers.sink import Sink
from graph.turtle import to_rdflib_graph
from graph.vocab import AIKG, ID, PROV, SCHEMA

__all__ = [
    "COUNTRY_CODES",
    "FAMILY_RULES",
    "Kind",
    "Minter",
    "Resolution",
    "Resolver",
    "Tagged",
    "country_codes",
    "fold",
    "fold_model",
    "looks_like_formula",
    "parse_date",
    "parse_number",
    "slug",
    "split_cell",
]


class Kind(StrEnum):
    """What a name is expected to denote."""

    ORG = "org"
    FAMILY = "family"
    CHIP = "chip"
    PLATFORM = "platform"


#: Classes whose labels feed each kind's alias table.
_KIND_CLASSES: dict[Kind, tuple[URIRef, ...]] = {
    Kind.ORG: (AIKG.Company, AIKG.Organization, AIKG.GovernmentBody),
    Kind.FAMILY: (AIKG.ModelFamily,),
    Kind.CHIP: (AIKG.Chip,),
    Kind.PLATFORM: (AIKG.CloudPlatform,),
}

#: Trailing tokens dropped from organisation names before matching ("AI" is kept on purpose).
_LEGAL_SUFFIXES = frozenset(
    {
        "inc",
        "ltd",
        "llc",
        "corp",
        "corporation",
        "co",
        "plc",
        "gmbh",
        "sas",
        "ag",
        "pbc",
        "limited",
        "lp",
        "sa",
        "nv",
        "bv",
        "kk",
        "pte",
    }
)

_TAG = re.compile(r"\s*#\s*([A-Za-z_-]+)\s*$")
_PAREN = re.compile(r"\s*\([^()]*\)\s*")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")

#: Country names used by Epoch AI -> ISO 3166-1 alpha-2 ("Multinational" has none).
COUNTRY_CODES: dict[str, str] = {
    "united states of america": "US",
    "united states": "US",
    "usa": "US",
    "us": "US",
    "china": "CN",
    "united kingdom of great britain and northern ireland": "GB",
    "united kingdom": "GB",
    "uk": "GB",
    "canada": "CA",
    "france": "FR",
    "germany": "DE",
    "korea (republic of)": "KR",
    "south korea": "KR",
    "hong kong": "HK",
    "singapore": "SG",
    "switzerland": "CH",
    "israel": "IL",
    "japan": "JP",
    "australia": "AU",
    "saudi arabia": "SA",
    "finland": "FI",
    "netherlands": "NL",
    "united arab emirates": "AE",
    "denmark": "DK",
    "czechia": "CZ",
    "india": "IN",
    "belgium": "BE",
    "italy": "IT",
    "sweden": "SE",
    "spain": "ES",
    "taiwan": "TW",
    "austria": "AT",
    "poland": "PL",
    "iran (islamic republic of)": "IR",
    "norway": "NO",
    "russia": "RU",
    "russian federation": "RU",
    "argentina": "AR",
    "malaysia": "MY",
    "ireland": "IE",
    "croatia": "HR",
    "brazil": "BR",
    "thailand": "TH",
    "iceland": "IS",
    "vietnam": "VN",
    "viet nam": "VN",
    "philippines (the)": "PH",
    "philippines": "PH",
    "luxembourg": "LU",
    "slovenia": "SI",
    "mexico": "MX",
    "indonesia": "ID",
    "portugal": "PT",
    "greece": "GR",
    "turkey": "TR",
    "egypt": "EG",
    "chile": "CL",
    "new zealand": "NZ",
    "qatar": "QA",
    "kenya": "KE",
    "south africa": "ZA",
    "nigeria": "NG",
    "pakistan": "PK",
    "estonia": "EE",
    "hungary": "HU",
    "romania": "RO",
    "ukraine": "UA",
    "lithuania": "LT",
    "latvia": "LV",
    "bulgaria": "BG",
    "slovakia": "SK",
    "kazakhstan": "KZ",
    "colombia": "CO",
    "peru": "PE",
}

#: Ordered (pattern, family slug, unless-pattern) rules on :func:`fold_model` output.
#: The first rule whose pattern matches at the start (and whose unless-pattern does
#: not match anywhere) wins; a rule naming a family that is not curated is ignored.
#: They encode the curated open/closed splits that aliases alone cannot express.
FAMILY_RULES: tuple[tuple[str, str, str | None], ...] = (
    (r"claude\b", "claude", None),
    (r"gpt oss\b", "gpt-oss", None),
    (r"(chat)?gpt\b", "gpt", None),
    (r"o [1-9]( |$)", "o-series", None),
    (r"gemini\b", "gemini", None),
    (r"(code ?)?gemma\b", "gemma", None),
    (r"((chat|text|code) (bison|unicorn)|palm)\b", "palm", None),
    (r"(llama|nvidia)\b.*\bnemotron\b|nemotron\b", "nemotron", None),
    (r"(meta )?(textgeneration )?(code ?)?llama\b", "llama", None),
    (r"deepseek (r 1|reasoner)\b", "deepseek-r1", None),
    (r"deepseek (v 3|chat)\b", "deepseek-v3", None),
    (r"deepseek v 2\b", "deepseek-v2", None),
    (r"deepseek coder\b", "deepseek-coder", None),
    # Qwen: sized checkpoints ("72 b") are open weights, Max/Plus/Turbo/Flash are API-only.
    (r"qwen\b.*\b(max|plus|turbo|flash|long)\b", "qwen-max", r"\b\d+ b\b"),
    (r"(qwen|qwq)", "qwen", None),
    (r"(chat)?glm\b", "glm", None),
    (r"kimi k (2|[3-9])\b", "kimi", None),
    (r"minimax m\b|minimax text\b|minimax 01\b", "minimax-models", None),
    (r"nova\b", "nova", None),
    (r"titan\b", "titan", None),
    (r"grok (1|2)\b", "grok-open", None),
    (r"grok\b", "grok", None),
    (r"(command|c 4 ai)\b", "command", None),
    (r"phi\b", "phi", None),
    (r"jamba\b", "jamba", None),
    (r"granite\b", "granite", None),
    (r"falcon\b", "falcon", None),
    (r"olmo", "olmo", None),
    (r"dbrx\b", "dbrx", None),
    (r"(snowflake )?arctic\b", "arctic", None),
    (r"(mamba )?codestral\b", "codestral", None),
    (r"pixtral\b", "pixtral", None),
    (r"mistral large (3|2512)\b", "mistral-open", None),
    (r"(mistral (large|medium|saba)|magistral medium|devstral medium)\b", "mistral-large", None),
    (r"(open )?(mistral|mixtral|ministral|magistral small|devstral)\b", "mistral-open", None),
    (r"hunyuan (large|a 13 b)\b", "hunyuan-open", None),
    (r"hunyuan\b", "hunyuan", None),
    (r"ernie 4 5\b", "ernie-open", r"turbo"),
    (r"ernie\b", "ernie", None),
    (r"pangu\b", "pangu", None),
    (r"doubao\b", "doubao", None),
    (r"yi\b", "yi", None),
    (r"baichuan\b", "baichuan-llm", None),
    (r"step \d", "step", None),
    (r"stable ?lm\b", "stablelm", None),
    (r"smol ?lm", "smollm", None),
    (r"luminous\b", "luminous", None),
)
_COMPILED_RULES = tuple(
    (re.compile(p), ID[s], re.compile(u) if u else None) for p, s, u in FAMILY_RULES
)


# ------------------------------------------------------------------ text helpers ---


def fold(text: str, *, strip_suffix: bool = True) -> str:
    """Fold a name for matching: NFKC, case, punctuation, whitespace, legal suffix.

    Parameters
    ----------
    text : str
        The name.
    strip_suffix : bool
        Drop trailing legal-form tokens ("Inc.", "Ltd", "GmbH"...).

    Examples
    --------
    >>> fold("Hangzhou DeepSeek Co., Ltd.")
    'hangzhou deepseek'
    >>> fold("Mistral AI")
    'mistral ai'
    """
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    text = text.replace("'", "").replace("\u2019", "")
    tokens = _NON_ALNUM.sub(" ", text).split()
    if strip_suffix:
        while len(tokens) > 1 and tokens[-1] in _LEGAL_SUFFIXES:
            tokens.pop()
    return " ".join(tokens)


def fold_model(text: str) -> str:
    """Fold a model name or id: like :func:`fold`, and split letters from digits.

    Examples
    --------
    >>> fold_model("Qwen2.5-72B-Instruct")
    'qwen 2 5 72 b instruct'
    >>> fold_model("gpt-4o-mini")
    'gpt 4 o mini'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NON_ALNUM.sub(" ", text)
    return " ".join(_LETTER_DIGIT.sub(" ", text).split())


def slug(text: str, max_length: int = 60) -> str:
    """Return an IRI-safe slug (``a-z0-9-``), never empty.

    Examples
    --------
    >>> slug("Meta AI (FAIR) #likely")
    'meta-ai-fair-likely'
    >>> slug("文心")
    'x'
    """
    folded = fold(text, strip_suffix=False).replace(" ", "-")[:max_length].strip("-")
    return folded or "x"


def looks_like_formula(text: str) -> bool:
    """Tell whether a cell would run as a spreadsheet formula (CSV injection).

    Examples
    --------
    >>> looks_like_formula("=cmd|' /C calc'!A0"), looks_like_formula("-1.5")
    (True, False)
    >>> looks_like_formula("@SUM(A1)"), looks_like_formula("GPT-4")
    (True, False)
    """
    if text[:1] in {"\t", "\r"}:
        return True
    s = text.lstrip()  # any whitespace: names are stripped later, exposing what follows
    if not s:
        return False
    if s[0] in "=+@":
        return True
    return s[0] == "-" and not (len(s) > 1 and (s[1].isdigit() or s[1] == "."))


def parse_number(text: str) -> float | None:
    """Parse a finite, non-negative number; ``None`` for an empty cell.

    Raises
    ------
    ValueError
        For text that is not such a number ("ten", "nan", "-3", "1e400").

    Examples
    --------
    >>> parse_number("30000.000000000004"), parse_number(" "), parse_number("1,024")
    (30000.000000000004, None, 1024.0)
    """
    s = text.strip().replace(",", "").replace("_", "x")
    if not s:
        return None
    value = float(s)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"not a finite non-negative number: {text!r}")
    return value


def parse_date(text: str) -> date | None:
    """Parse an ISO date; ``None`` when empty.

    ``YYYY-MM-DD`` (optionally followed by a time), ``YYYY-MM`` and ``YYYY``; a partial
    date becomes the first day of its month or year.

    Raises
    ------
    ValueError
        For anything else, and for years before 1900 or after 2100.

    Examples
    --------
    >>> parse_date("2024-03-05"), parse_date("2024-03-05T00:00:00.000Z"), parse_date("")
    (datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), None)
    >>> parse_date("2021-07")
    datetime.date(2021, 7, 1)
    """
    s = text.strip()
    if not s:
        return None
    if len(s) > 10 and s[10] in "T ":
        s = s[:10]
    if re.fullmatch(r"\d{4}-\d{2}", s):
        s += "-01"
    elif re.fullmatch(r"\d{4}", s):
        s += "-01-01"
    value = date.fromisoformat(s)
    if not 1900 <= value.year <= 2100:
        raise ValueError(f"implausible year: {text!r}")
    return value


@dataclass(frozen=True)
class Tagged:
    """One name of a cell with its annotation tag (lower case) if any."""

    name: str
    tag: str | None = None


def _split_tag(text: str) -> Tagged:
    text = text.strip()
    match = _TAG.search(text)
    if match:
        return Tagged(text[: match.start()].strip(), match.group(1).lower())
    return Tagged(text)


def split_cell(cell: str) -> list[Tagged]:
    """Split a multi-organisation cell into tagged names.

    Commas separate organisations, except before a legal suffix (", Inc.").

    Examples
    --------
    >>> split_cell("OpenAI #likely, Microsoft #likely")
    [Tagged(name='OpenAI', tag='likely'), Tagged(name='Microsoft', tag='likely')]
    >>> [t.name for t in split_cell("Amazon.com, Inc.,Anthropic")]
    ['Amazon.com, Inc.', 'Anthropic']
    """
    parts: list[str] = []
    for raw in cell.split(","):
        piece = raw.strip()
        bare = _TAG.sub("", piece)
        if parts and fold(bare, strip_suffix=False) in _LEGAL_SUFFIXES:
            parts[-1] = f"{parts[-1]}, {piece}"
        elif piece:
            parts.append(piece)
    out = [_split_tag(p) for p in parts]
    return [t for t in out if t.name]


def country_codes(cell: str) -> list[str]:
    """Return the distinct ISO codes of a comma-separated country list, in order.

    Unknown names (and "Multinational") are left out.
    """
    codes: list[str] = []
    for part in cell.split(","):
        code = COUNTRY_CODES.get(part.strip().casefold())
        if code and code not in codes:
            codes.append(code)
    return codes


# ------------------------------------------------------------------ resolver ---


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name.

    Attributes
    ----------
    name : str
        The name without its annotation tag.
    iri : URIRef or None
        The curated entity, or None when no (or more than one) entity matched.
    confidence : str or None
        The annotation tag (``confident``, ``likely``, ``speculative``...).
    """

    name: str
    iri: URIRef | None
    confidence: str | None = None


@dataclass(frozen=True)
class FamilyInfo:
    """What the importers need to know about a curated model family."""

    developers: frozenset[URIRef]
    weights_access: URIRef | None


@dataclass
class Resolver:
    """Alias tables of the curated entities, one per :class:`Kind`.

    Build it with :meth:`from_graph`. The importers may :meth:`register` the nodes
    they create (e.g. Epoch chips) so later rows resolve to them.
    """

    tables: dict[Kind, dict[str, URIRef | None]] = field(default_factory=dict)
    families: dict[URIRef, FamilyInfo] = field(default_factory=dict)
    family_labels: list[tuple[tuple[str, ...], URIRef]] = field(default_factory=list)
    chip_designers: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    operators: dict[URIRef, URIRef] = field(default_factory=dict)
    curated: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    names: dict[URIRef, str] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, g: rdflib.Graph) -> Resolver:
        """Build the alias tables from the curated graph.

        Parameters
        ----------
        g : rdflib.Graph
            Curated facts (ontology optional). Labels are ``schema:name``,
            ``schema:alternateName`` and ``skos:altLabel``.
        """
        r = cls(tables={k: {} for k in Kind})
        typed: dict[URIRef, set[Kind]] = defaultdict(set)
        for kind, classes in _KIND_CLASSES.items():
            for c in classes:
                for s in g.subjects(RDF.type, c):
                    if isinstance(s, URIRef):
                        typed[s].add(kind)
        for s, kinds in typed.items():
            r._index(g, s, kinds)
        r.family_labels.sort(key=lambda item: (-len(item[0]), str(item[1])))
        return r

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Resolver:
        """Build the alias tables from Oxigraph quads (a build's parsed files).

        Only the triples about entities of the kinds resolved here (organisations,
        model families, chips, platforms) are converted to rdflib terms; the
        tables are the ones :meth:`from_graph` builds from the whole graph.

        Examples
        --------
        >>> import pyoxigraph as ox
        >>> ttl = b'''@prefix aikg: <https://w3id.org/aikg/ontology#> .
        ... <https://w3id.org/aikg/id/openai> a aikg:Company ;
        ...     <https://schema.org/name> "OpenAI, Inc." .'''
        >>> r = Resolver.from_quads(ox.parse(ttl, ox.RdfFormat.TURTLE))
        >>> str(r.lookup("OpenAI", Kind.ORG))
        'https://w3id.org/aikg/id/openai'
        """
        quads = list(quads)
        wanted = {str(c) for classes in _KIND_CLASSES.values() for c in classes}
        rdf_type = str(RDF.type)
        typed = {
            q.subject
            for q in quads
            if q.predicate.value == rdf_type
            and isinstance(q.object, ox.NamedNode)
            and q.object.value in wanted
        }
        return cls.from_graph(to_rdflib_graph(q for q in quads if q.subject in typed))

    def _index(self, g: rdflib.Graph, s: URIRef, kinds: set[Kind]) -> None:
        labels = [
            str(o)
            for p in (SCHEMA.name, SCHEMA.alternateName, SKOS.altLabel)
            for o in g.objects(s, p)
            if isinstance(o, Literal)
        ]
        name = g.value(s, SCHEMA.name)
        if name is not None:
            self.names[s] = str(name)
        self.curated[s] = frozenset(p for p in g.predicates(s, None) if isinstance(p, URIRef))
        for kind in kinds:
            for label in labels:
                self._add(kind, label, s)

        def iris(p: URIRef) -> frozenset[URIRef]:
            return frozenset(o for o in g.objects(s, p) if isinstance(o, URIRef))

        if Kind.FAMILY in kinds:
            access = g.value(s, AIKG.weightsAccess)
            self.families[s] = FamilyInfo(
                iris(AIKG.developer), access if isinstance(access, URIRef) else None
            )
            self.family_labels += [
                (tuple(fold_model(label).split()), s) for label in labels if fold_model(label)
            ]
        if Kind.CHIP in kinds:
            self.chip_designers[s] = iris(AIKG.designer)
        if Kind.PLATFORM in kinds:
            for op in iris(AIKG.operator):
                self.operators[s] = op

    def _add(self, kind: Kind, label: str, iri: URIRef) -> None:
        table = self.tables.setdefault(kind, {})
        keys = {fold(label), fold(label, strip_suffix=False)}
        bare = _PAREN.sub(" ", label).strip()
        if bare and bare != label:
            keys.add(fold(bare))
        for key in keys:
            if not key:
                continue
            if key in table and table[key] != iri:
                table[key] = None  # ambiguous: two entities share the label
            else:
                table[key] = iri

    def is_curated(self, iri: URIRef | None) -> bool:
        """Tell whether ``iri`` is a curated entity (not one an importer created)."""
        return iri is not None and iri in self.curated

    def register(self, kind: Kind, label: str, iri: URIRef) -> None:
        """Add a label for a node created by an importer (not a curated entity)."""
        table = self.tables.setdefault(kind, {})
        for key in {fold(label), fold(label, strip_suffix=False)}:
            table.setdefault(key, iri)

    def lookup(self, name: str, kind: Kind) -> URIRef | None:
        """Resolve a bare name (no tag); ``None`` when unknown or ambiguous."""
        table = self.tables.get(kind, {})
        for key in (fold(name), fold(name, strip_suffix=False), fold(_PAREN.sub(" ", name))):
            if key in table:
                return table[key]
        if kind is Kind.CHIP:
            return self._chip_without_vendor(name)
        return None

    def _chip_without_vendor(self, name: str) -> URIRef | None:
        """Match "Google TPU v4" to the curated "TPU v4" when Google designs it."""
        words = name.split()
        table = self.tables.get(Kind.CHIP, {})
        for cut in (1, 2):
            if len(words) <= cut:
                break
            vendor = self.lookup(" ".join(words[:cut]), Kind.ORG)
            chip = table.get(fold(" ".join(words[cut:])))
            if (
                vendor is not None
                and chip is not None
                and vendor in self.chip_designers.get(chip, frozenset())
            ):
                return chip
        return None

    def resolve(self, name: str, kind: Kind) -> Resolution:
        """Resolve one name, which may carry an annotation tag (``Amazon #confident``)."""
        tagged = _split_tag(name)
        return Resolution(
            tagged.name, self.lookup(tagged.name, kind) if tagged.name else None, tagged.tag
        )

    def resolve_cell(self, cell: str, kind: Kind) -> list[Resolution]:
        """Resolve every name of a multi-name cell (see :func:`split_cell`).

        A cell that resolves as a whole (a curated label containing a comma) is one name.
        """
        whole = _split_tag(cell)
        if "," in whole.name:
            iri = self.lookup(whole.name, kind)
            if iri is not None:
                return [Resolution(whole.name, iri, whole.tag)]
        return [Resolution(t.name, self.lookup(t.name, kind), t.tag) for t in split_cell(cell)]

    def family_for(self, model: str) -> URIRef | None:
        """Return the curated family of a model name or id, or ``None``.

        The rule table comes first, then the longest family label that is a token
        prefix of the folded name.

        Examples
        --------
        >>> import rdflib
        >>> g = rdflib.Graph().parse(format="turtle", data='''
        ... @prefix aikg: <https://w3id.org/aikg/ontology#> .
        ... @prefix id: <https://w3id.org/aikg/id/> .
        ... @prefix schema: <https://schema.org/> .
        ... id:qwen a aikg:ModelFamily ; schema:name "Qwen (open weights)" ;
        ...     schema:alternateName "Qwen" .
        ... id:qwen-max a aikg:ModelFamily ; schema:name "Qwen API models" .
        ... id:yi a aikg:ModelFamily ; schema:name "Yi" .
        ... ''')
        >>> r = Resolver.from_graph(g)
        >>> names = ("Qwen2.5-72B", "qwen3-max", "Yi-34B")
        >>> [str(r.family_for(m)).rsplit("/", 1)[-1] for m in names]
        ['qwen', 'qwen-max', 'yi']
        """
        folded = fold_model(model)
        if not folded:
            return None
        for pattern, family, unless in _COMPILED_RULES:
            if family not in self.families or not pattern.match(folded):
                continue
            if unless is not None and unless.search(folded):
                continue
            return family
        tokens = tuple(folded.split())
        for label, family in self.family_labels:
            if tokens[: len(label)] == label:
                return family
        return None


# ------------------------------------------------------------------ minting ---


@dataclass
class Minter:
    """Create nodes in an import graph.

    Resolved names reuse curated IRIs; unresolved ones become new nodes flagged
    ``aikg:unresolved true``, one per folded name. A node records the source and row
    that created it; later rows of the same file add their row numbers (rows of other
    files do not, so every ``aikg:sourceRow`` pairs with the one source).

    Parameters
    ----------
    graph : rdflib.Graph
        The import graph new triples go to.
    resolver : Resolver
        The alias tables.
    prefix : str
        Slug prefix of new nodes (``epoch`` -> ``id:epoch-org-<slug>``).
    """

    graph: Sink
    resolver: Resolver
    prefix: str
    created: dict[URIRef, tuple[str, URIRef]] = field(default_factory=dict)

    def new_node(
        self,
        iri: URIRef,
        rdf_type: URIRef,
        name: str,
        source: URIRef,
        row: int,
        *,
        unresolved: bool = False,
    ) -> bool:
        """Type and name a new node (once); return True if it was created now."""
        g = self.graph
        if iri in self.created:
            first_name, first_source = self.created[iri]
            if fold(name) != fold(first_name):
                g.add((iri, SCHEMA.alternateName, Literal(name)))
            if source == first_source:
                g.add((iri, AIKG.sourceRow, Literal(row)))
            return False
        self.created[iri] = (name, source)
        g.add((iri, RDF.type, rdf_type))
        g.add((iri, SCHEMA.name, Literal(name)))
        if unresolved:
            g.add((iri, AIKG.unresolved, Literal(True)))
        g.add((iri, AIKG.sourceRow, Literal(row)))
        g.add((iri, PROV.wasDerivedFrom, source))
        return True

    def org(self, res: Resolution, source: URIRef, row: int, country: str | None = None) -> URIRef:
        """Return the IRI of an organisation, minting a flagged one when unresolved."""
        if res.iri is not None:
            return res.iri
        iri = ID[f"{self.prefix}-org-{slug(res.name)}"]
        created = self.new_node(iri, AIKG.Organization, res.name, source, row, unresolved=True)
        if created and country:
            self.graph.add((iri, AIKG.countryCode, Literal(country)))
        return iri


def xsd_date(value: date) -> Literal:
    """Return an ``xsd:date`` literal."""
    return Literal(value.isoformat(), datatype=XSD.date)


def iter_nonempty(values: Iterable[str]) -> Iterator[str]:
    """Yield the stripped non-empty strings."""
    for v in values:
        s = v.strip()
        if s:
            yield s
