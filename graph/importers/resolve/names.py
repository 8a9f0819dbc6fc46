"""Name normalisation: how a name in third-party data is folded and split before lookup.

:func:`fold` is the key every alias table is indexed by (organisations, chips,
platforms); :func:`fold_model` is its variant for model names and ids, which the
family rules match against; :func:`slug` makes IRI-safe fragments of names.
Epoch AI's cells are split by :func:`split_cell` (several organisations, ``#tag``
annotations) and :func:`country_codes` (country lists, through the country table
in ``ontology/importers/countries.tsv``).

Examples
--------
>>> fold("  Meta Platforms, Inc. ")
'meta platforms'
>>> [t.name for t in split_cell("Google DeepMind, Google")]
['Google DeepMind', 'Google']
>>> country_codes("United States of America,China,Multinational")
['US', 'CN']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.importers.resolve.tables import country_table

__all__ = [
    "Tagged",
    "country_codes",
    "fold",
    "fold_model",
    "slug",
    "split_cell",
    "split_tag",
]

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
#: Kept by :func:`fold`: ASCII letters and digits, and the CJK scripts (Chinese names such
#: as 深度求索 are aliases too); accented Latin letters fall away as before.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_NON_ALNUM = re.compile(rf"[^0-9a-z{_CJK}]+")
_NON_ASCII_ALNUM = re.compile(r"[^0-9a-z]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


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
    >>> fold("智谱 AI"), fold("深度求索(杭州)")
    ('智谱 ai', '深度求索 杭州')
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
    ascii_only = _NON_ASCII_ALNUM.sub(" ", fold(text, strip_suffix=False)).split()
    folded = "-".join(ascii_only)[:max_length].strip("-")
    return folded or "x"


@dataclass(frozen=True)
class Tagged:
    """One name of a cell with its annotation tag (lower case) if any."""

    name: str
    tag: str | None = None


def split_tag(text: str) -> Tagged:
    """Separate a trailing annotation tag (``Amazon #confident``) from a name.

    Examples
    --------
    >>> split_tag(" Amazon #Confident ")
    Tagged(name='Amazon', tag='confident')
    """
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
    out = [split_tag(p) for p in parts]
    return [t for t in out if t.name]


def country_codes(cell: str) -> list[str]:
    """Return the distinct ISO codes of a comma-separated country list, in order.

    Unknown names (and "Multinational") are left out.
    """
    table = country_table()
    codes: list[str] = []
    for part in cell.split(","):
        code = table.get(part.strip().casefold())
        if code and code not in codes:
            codes.append(code)
    return codes
