r"""Decide what a SPARQL request would do before any engine sees it.

A regular expression cannot tell an IRI from a comment the way a SPARQL engine does
(an IRI may hold U+00A0; a comment ends at a carriage return as well as a line feed),
so the read-only endpoint and ``aikg query`` read every request with
:func:`check_query`, which

1. bounds the size of the text and the nesting of ``{ ( [`` (Oxigraph's recursive
   parser overflows its stack at a few thousand levels);
2. splits the text into tokens by the SPARQL 1.1 grammar's own lexical rules (IRIs,
   the four string forms with their escapes, comments, variables, prefixed names,
   keywords), once as written and once after the codepoint escapes (``\uXXXX``) that
   the standard lets a processor expand before parsing; text that does not tokenise is
   refused, not guessed at;
3. refuses a request in which either reading has a ``SERVICE`` keyword (a federated
   query makes the server fetch a URL), ``LOAD``, or any update keyword;
4. parses the text with rdflib's SPARQL parser and walks the parse tree for a
   ``ServiceGraphPattern`` too, a second opinion (text rdflib cannot parse is left to
   the engine, which reports its own error).

Examples
--------
>>> check_query("SELECT * WHERE { ?s ?p ?o }") is None
True
>>> check_query("SELECT * WHERE { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }").reason
'SERVICE (federated query) is not allowed here'
>>> check_query('SELECT * WHERE { ?s ?p "SERVICE <x>" } # SERVICE') is None
True
>>> check_query("SELECT * { VALUES ?z { <http://a/\u00a0#x> } SERVICE <http://b/> {} }").status
403
>>> check_query("SELECT * WHERE " + "{" * 300 + "}" * 300).status
400
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "MAX_DEPTH",
    "MAX_QUERY_BYTES",
    "Refusal",
    "Token",
    "check_query",
    "nesting_refusal",
    "tokens",
]

#: Longest request text accepted (bytes, UTF-8).
MAX_QUERY_BYTES = 256 * 1024
#: Deepest nesting of ``{``, ``(`` and ``[`` accepted.
MAX_DEPTH = 256

_FORBIDDEN = {
    "SERVICE": "SERVICE (federated query) is not allowed here",
    "LOAD": "LOAD is not allowed here: the endpoint is read-only",
}
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)  # fmt: skip

# SPARQL 1.1 section 19.8, terminals (IRIREF, the string forms, comments, WS).
_WS = " \t\r\n"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRI = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|' + _UCHAR + r")*>")
_ECHAR = r"\\[tbnrf\\\"']|" + _UCHAR
_STRING = re.compile(
    r"'''(?:(?:'|'')?(?:[^'\\]|" + _ECHAR + r"))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ECHAR + r'))*"""'
    r"|'(?:[^'\\\n\r]|" + _ECHAR + r")*'"
    r'|"(?:[^"\\\n\r]|' + _ECHAR + r')*"'
)
#: Line breaks some engine might honour inside a comment (refused there).
_ODD_BREAKS = frozenset("\x0b\x0c\x85\u2028\u2029")
_COMMENT = re.compile(r"#[^\r\n]*")
# A run of name characters: keywords, prefixed names (with ':'), numbers, blank nodes.
_WORD = re.compile(r"[^\s{}()\[\];,<>\"'#?$=!&|+*/^@.\x00-\x20]+(?:\.+[^\s{}()\[\];,<>\"'#?$=!&|+*/^@.\x00-\x20]+)*")  # noqa: E501
_VAR = re.compile(r"[?$][^\s{}()\[\];,<>\"'#?$=!&|+*/^@.:\x00-\x20-]*")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE = "{([", "})]"


@dataclass(frozen=True)
class Token:
    """One lexical token: ``kind`` is iri, string, var, word or punct."""

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused, with the HTTP status that says so."""

    status: int
    reason: str


class _LexError(ValueError):
    pass


def tokens(text: str) -> Iterator[Token]:
    """Yield the tokens of ``text`` by the SPARQL 1.1 lexical rules (comments dropped).

    Raises
    ------
    ValueError
        For text no SPARQL tokeniser accepts (an unterminated string, a character that
        is not whitespace and starts no token).

    Examples
    --------
    >>> [t.text for t in tokens("SELECT ?x { <a#b> ?p 'it''s' } # SERVICE")]
    ['SELECT', '?x', '{', '<a#b>', '?p', "'it'", "'s'", '}']
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _WS:
            i += 1
            continue
        if c == "#":
            found = _COMMENT.match(text, i)
            assert found is not None
            if _ODD_BREAKS & set(found.group()):
                raise _LexError(f"a comment at offset {i} holds a line break SPARQL does not know")
            i = found.end()
            continue
        if c == "<":
            found = _IRI.match(text, i)
            if found:
                yield Token("iri", found.group(), i)
                i = found.end()
                continue
            yield Token("punct", c, i)  # the less-than operator
            i += 1
            continue
        if c in "'\"":
            found = _STRING.match(text, i)
            if found is None:
                raise _LexError(f"unterminated or malformed string at offset {i}")
            yield Token("string", found.group(), i)
            i = found.end()
            continue
        if c in "?$":
            found = _VAR.match(text, i)
            assert found is not None
            yield Token("var", found.group(), i)
            i = found.end()
            continue
        found = _WORD.match(text, i)
        if found:
            yield Token("word", found.group(), i)
            i = found.end()
            continue
        if c.isspace() or ord(c) < 0x20:
            # Unicode spaces, line separators and control characters are not SPARQL
            # whitespace: no engine may read them as a token boundary we did not see.
            raise _LexError(f"character U+{ord(c):04X} at offset {i} is not allowed there")
        yield Token("punct", c, i)
        i += 1


def _expand_codepoints(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _CODEPOINT.sub(one, text)


def _lexical_refusal(text: str) -> Refusal | None:
    depth = 0
    for tok in tokens(text):
        if tok.kind == "punct":
            if tok.text in _OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    return Refusal(400, f"query nested deeper than {MAX_DEPTH} levels")
            elif tok.text in _CLOSE:
                depth = max(depth - 1, 0)
        elif tok.kind == "word":
            word = tok.text.upper()
            if ":" in word:
                continue  # a prefixed name such as ex:service
            if word in _FORBIDDEN:
                return Refusal(403, _FORBIDDEN[word])
            if word in _UPDATE_WORDS:
                return Refusal(403, f"{word} is an update: the endpoint is read-only")
    return None


def _walk(node: object) -> bool:
    """Return whether an rdflib parse tree holds a SERVICE pattern."""
    stack = [node]
    while stack:
        item = stack.pop()
        if getattr(item, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (str, bytes)):
            continue
        elif hasattr(item, "__iter__"):
            stack.extend(item)  # lists and pyparsing ParseResults
    return False


def _rdflib_says_service(text: str) -> bool:
    from rdflib.plugins.sparql import parser  # noqa: PLC0415 - only when asked

    try:
        tree = parser.parseQuery(text)
    except Exception:  # any parser failure: the engine reports its own error
        return False
    return _walk(tree)


def _raw_depth(text: str) -> int:
    depth = deepest = 0
    for c in text:
        if c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


@functools.lru_cache(maxsize=64)
def nesting_refusal(text: str) -> Refusal | None:
    """Return a refusal when ``text`` is too long or nested too deep for the engine.

    The check of every query run (``aikg query``, :func:`graph.query`): SERVICE and
    updates are the local user's business there, a crash of the engine is not. Text
    that does not tokenise is measured bracket by bracket, strings included. The answer
    depends on the text alone and is kept for the last texts asked about (a named query
    asked again in one process is not read again: about 0.3 ms each time).

    Examples
    --------
    >>> nesting_refusal("SELECT * WHERE " + "{" * 3000 + "}" * 3000).reason
    'query nested deeper than 256 levels'
    >>> nesting_refusal("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES:
        return Refusal(413, f"query longer than {MAX_QUERY_BYTES // 1024} KB")
    try:
        depth = 0
        for tok in tokens(text):
            if tok.kind == "punct" and tok.text in _OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    break
            elif tok.kind == "punct" and tok.text in _CLOSE:
                depth = max(depth - 1, 0)
    except _LexError:
        depth = _raw_depth(text)
    if depth > MAX_DEPTH:
        return Refusal(400, f"query nested deeper than {MAX_DEPTH} levels")
    return None


def check_query(text: str, *, second_opinion: bool = True) -> Refusal | None:
    """Return why ``text`` must not reach the engine, or ``None`` if it may.

    Parameters
    ----------
    text : str
        A SPARQL query as received.
    second_opinion : bool
        Also parse it with rdflib and walk the tree (slower; on by default).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES:
        return Refusal(413, f"query longer than {MAX_QUERY_BYTES // 1024} KB")
    for reading in dict.fromkeys((text, _expand_codepoints(text))):
        try:
            refusal = _lexical_refusal(reading)
        except _LexError as exc:
            return Refusal(400, f"not a SPARQL query: {exc}")
        if refusal is not None:
            return refusal
    if second_opinion and _rdflib_says_service(text):
        return Refusal(403, _FORBIDDEN["SERVICE"])
    return None
