r"""SPARQL syntax errors in words: where, what was unexpected, and a hint.

The engines report a syntax error as their parser sees it (Oxigraph lists every
character class it would have accepted, ``'\u{00B7}'`` ranges included). A user
needs the line and column, the text there, and what to do: an unknown prefix
(and the prefixes aikg declares), an update sent to a read-only command, a brace
left open.

Examples
--------
>>> print(explain("SELECT ?x WHERE { ?x foo:bar ?y }",
...               "error at 1:29: expected one of Prefix not found, ['%']"))
SPARQL syntax error at line 1, column 29:
  SELECT ?x WHERE { ?x foo:bar ?y }
                              ^
unknown prefix "foo:"; aikg declares aikg:, id:, schema:, prov:, xsd:, rdf:, rdfs:, owl:, ...
>>> print(explain("SELECT ?x WHERE { ?x ?p ?y } LIMT 3", "error at 1:36: expected OFFSET"))
SPARQL syntax error at line 1, column 36:
  SELECT ?x WHERE { ?x ?p ?y } LIMT 3
                                     ^
'LIMT' is not a SPARQL keyword; did you mean LIMIT?
"""

from __future__ import annotations

import re

from graph.prefixes import PREFIXES

__all__ = ["explain"]

_OXIGRAPH_AT = re.compile(r"error at (\d+):(\d+)")
_PYPARSING_AT = re.compile(r"\(at char (\d+)\), \(line:(\d+), col:(\d+)\)")
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"(?m)#[^\n]*$")
_STRING_OR_IRI = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|<[^<>\s]*>')
_QNAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*")
_EXPECTED = re.compile(r"expected (?:one of )?(.*)", re.DOTALL)


def _position(message: str) -> tuple[int, int] | None:
    found = _OXIGRAPH_AT.search(message)
    if found:
        return int(found.group(1)), int(found.group(2))
    found = _PYPARSING_AT.search(message)
    if found:
        return int(found.group(2)), int(found.group(3))
    return None


def _expected(message: str) -> str:
    """Return the tokens the parser expected, without its character classes."""
    found = _EXPECTED.search(message)
    if not found:
        return ""
    kept = []
    for raw in re.split(r",\s*(?![^\[]*\])", found.group(1)):
        part = raw.strip()
        if not part or part.startswith("[") or "\\u" in part or part == "Prefix not found":
            continue
        kept.append(part)
    return ", ".join(dict.fromkeys(kept))


def _braces(text: str) -> tuple[int, int]:
    bare = _STRING_OR_IRI.sub("", _COMMENT.sub("", text))
    return bare.count("{"), bare.count("}")


def _unknown_prefix(text: str) -> str | None:
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+(\w*):", text, re.IGNORECASE)}
    bare = _STRING_OR_IRI.sub(" ", _COMMENT.sub("", text))
    for m in _QNAME.finditer(bare):
        prefix = m.group(1) or ""
        if (
            prefix not in PREFIXES
            and prefix not in declared
            and not bare[m.start() - 1 :].startswith("?")
        ):
            return prefix
    return None


#: SPARQL 1.1 keywords and built-in function names (for "did you mean").
_KEYWORDS = frozenset(
    {
        "SELECT",
        "DISTINCT",
        "REDUCED",
        "WHERE",
        "FILTER",
        "OPTIONAL",
        "UNION",
        "MINUS",
        "GRAPH",
        "SERVICE",
        "SILENT",
        "BIND",
        "VALUES",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "ASC",
        "DESC",
        "LIMIT",
        "OFFSET",
        "PREFIX",
        "BASE",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "FROM",
        "NAMED",
        "AS",
        "NOT",
        "EXISTS",
        "IN",
        "UNDEF",
        "TRUE",
        "FALSE",
        "COUNT",
        "SUM",
        "MIN",
        "MAX",
        "AVG",
        "SAMPLE",
        "GROUP_CONCAT",
        "SEPARATOR",
        "STR",
        "LANG",
        "LANGMATCHES",
        "DATATYPE",
        "BOUND",
        "IRI",
        "URI",
        "BNODE",
        "RAND",
        "ABS",
        "CEIL",
        "FLOOR",
        "ROUND",
        "CONCAT",
        "STRLEN",
        "UCASE",
        "LCASE",
        "ENCODE_FOR_URI",
        "CONTAINS",
        "STRSTARTS",
        "STRENDS",
        "STRBEFORE",
        "STRAFTER",
        "YEAR",
        "MONTH",
        "DAY",
        "HOURS",
        "MINUTES",
        "SECONDS",
        "TIMEZONE",
        "TZ",
        "NOW",
        "UUID",
        "STRUUID",
        "MD5",
        "SHA1",
        "SHA256",
        "SHA384",
        "SHA512",
        "COALESCE",
        "IF",
        "STRLANG",
        "STRDT",
        "SAMETERM",
        "ISIRI",
        "ISURI",
        "ISBLANK",
        "ISLITERAL",
        "ISNUMERIC",
        "REGEX",
        "SUBSTR",
        "REPLACE",
    }
)


def _typo(text: str) -> str | None:
    """Find a bare word that is no SPARQL keyword but looks like one (``LIMT``: ``LIMIT``)."""
    import difflib  # noqa: PLC0415

    bare = _STRING_OR_IRI.sub(" ", _COMMENT.sub("", text))
    bare = re.sub(r"[?$]\w+|\b[\w.-]*:[\w.-]*", " ", bare)  # variables, prefixed names
    for m in re.finditer(r"\b([A-Za-z_]{3,})\b", bare):
        word = m.group(1)
        if word.upper() in _KEYWORDS or word == "a":
            continue
        close = difflib.get_close_matches(word.upper(), _KEYWORDS, n=1, cutoff=0.75)
        if close:
            return f"{word!r} is not a SPARQL keyword; did you mean {close[0]}?"
    return None


def explain(text: str, message: str) -> str:
    """Turn an engine's syntax error on ``text`` into a message a user can act on.

    Parameters
    ----------
    text : str
        The SPARQL text.
    message : str
        The engine's error message (Oxigraph's ``error at L:C: ...`` or pyparsing's).

    Returns
    -------
    str
        Where (line, column, the line with a caret), then a hint: an update sent to a
        read-only command, an unknown prefix with the declared ones, an unbalanced
        brace, or what was unexpected and what was expected instead.
    """
    lines = []
    where = _position(message)
    source = text.splitlines() or [""]
    if where is not None:
        line, column = where
        lines.append(f"SPARQL syntax error at line {line}, column {column}:")
        if 1 <= line <= len(source):
            shown = source[line - 1]
            lines += [f"  {shown}", "  " + " " * max(column - 1, 0) + "^"]
    else:
        lines.append("SPARQL syntax error:")
    update = _UPDATE.match(_COMMENT.sub("", text))
    opened, closed = _braces(text)
    prefix = _unknown_prefix(text)
    if update:
        lines.append(
            f"{update.group(1).upper()} is an update; aikg's queries only read "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    elif prefix is not None:
        known = ", ".join(f"{p}:" for p in PREFIXES)
        lines.append(f'unknown prefix "{prefix}:"; aikg declares {known}')
    elif opened != closed:
        lines.append(f"the query opens {opened} {{ but closes {closed} }}")
    elif (typo := _typo(text)) is not None:
        lines.append(typo)
    else:
        expected = _expected(message)
        rest = ""
        if where is not None and 1 <= where[0] <= len(source):
            rest = " ".join(source[where[0] - 1][max(where[1] - 1, 0) :].split()[:1])
        if rest:
            lines.append(f"unexpected {rest!r}" + (f"; expected {expected}" if expected else ""))
        elif expected:
            lines.append(f"the parser stopped here; it expected {expected}")
        else:
            lines.append(message.strip().splitlines()[0] if message.strip() else "")
    return "\n".join(lines)
