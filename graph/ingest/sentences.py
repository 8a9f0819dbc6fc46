r"""Sentences and paragraphs of an article, with their character spans.

A sentence ends at ``.``, ``!`` or ``?`` before white space (not inside a number such as
``4.5`` nor after a short abbreviation such as ``U.S.``), at ``。``, ``！``, ``？`` or ``；``,
or at a line break; a paragraph is a line (news text puts one paragraph on a line;
a list item is a paragraph of its own).

Examples
--------
>>> text = "Amazon invests $4.5 billion. Google said so too!\n亚马逊宣布投资。谷歌也是。"
>>> [(s.start, s.end, text[s.start:s.end]) for s in split_sentences(text)][:2]
[(0, 28, 'Amazon invests $4.5 billion.'), (29, 48, 'Google said so too!')]
>>> [s.paragraph for s in split_sentences(text)]
[0, 0, 1, 1]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]

_EN_END = r"(?<!\b[A-Z])(?<!\b[A-Z][a-z])[.!?][\"'”’)]?(?=\s)"
_ZH_END = r"[。！？；]"
#: sentence ends by language: ``None`` (not given) splits at both
_ENDS = {
    None: re.compile(_EN_END + "|" + _ZH_END),
    "en": re.compile(_EN_END),
    "zh": re.compile(_ZH_END),
}


@dataclass(frozen=True)
class Sentence:
    """A sentence: its span in the article and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Split ``text`` into sentences, keeping each one's span (trimmed of white space).

    Parameters
    ----------
    text : str
        The article.
    lang : {"en", "zh"}, optional
        Split only at this language's sentence ends (default: both).

    Examples
    --------
    >>> text = "Done. 好。对。"
    >>> [text[s.start : s.end] for s in split_sentences(text, "en")]
    ['Done.', '好。对。']
    >>> [text[s.start : s.end] for s in split_sentences(text, "zh")]
    ['Done. 好。', '对。']
    """
    sentences: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(text.splitlines(keepends=True)):
        body = line.strip()
        if body:
            cut = offset
            for m in _ENDS[lang].finditer(line):
                _add(sentences, text, cut, offset + m.end(), paragraph)
                cut = offset + m.end()
            _add(sentences, text, cut, offset + len(line), paragraph)
        offset += len(line)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if piece.strip():
        sentences.append(Sentence(start + lead, end - trail, paragraph))
