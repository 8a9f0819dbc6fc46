"""``aikg ingest``: draft claims from a news article, for review before they enter the graph."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from graph.cli.common import StoreOpt, _examples, _fail, _fitted_table, _open_store, app, err, out

if TYPE_CHECKING:
    from graph.ingest import Ingested

_CJK = re.compile(r"[\u3400-\u9fff]")


def _language(text: str) -> str:
    """``zh`` when a tenth or more of the letters are Chinese, else ``en``."""
    letters = [ch for ch in text if ch.isalpha()]
    cjk = sum(1 for ch in letters if _CJK.match(ch))
    return "zh" if letters and cjk / len(letters) >= 0.1 else "en"


def _table(result: Ingested, title: str) -> None:
    rows = []
    for r in result.rows():
        verdict = r["compare"]
        if r["claim"]:
            verdict += " " + str(r["claim"]).rsplit("/", 1)[-1]
        rows.append(
            {
                "kind": r["kind"] + (" (talks)" if r["stage"] == "Talks" else ""),
                "parties": r["parties"],
                "amount": r["amount"],
                "date": r["date"] or "undated",
                "deadline": r["deadline"] or "",
                "span": f"{r['span'][0]}-{r['span'][1]}",
                "compare": verdict,
            }
        )
    if not rows:
        out.print(f"{title}: no claims found")
    else:
        out.print(_fitted_table(title, list(rows[0]), rows))
    if result.proposed:
        out.print("proposed new entities: " + escape(", ".join(result.proposed)))


@app.command(
    "ingest",
    epilog=_examples(
        "aikg ingest tests/ingest/en02.txt --published 2026-05-12 --format table",
        "aikg ingest tests/ingest/zh01.txt --published 2026-04-22 --publisher Example -f json",
        "aikg ingest tests/ingest/en01.txt --published 2026-03-04 --source-url https://example.org/a",
    ),
)
def ingest_cmd(  # noqa: PLR0917 - one parameter per CLI option
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT", help="A text or HTML file, - (standard input) or an http(s) URL."
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="Publication date (YYYY-MM-DD) that relative dates resolve against. "
            "Default: today.",
        ),
    ] = None,
    source_url: Annotated[
        str | None,
        typer.Option(
            "--source-url", metavar="URL", help="The article's URL (default: the INPUT URL)."
        ),
    ] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", metavar="NAME", help="Who published it.")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="en or zh: read sentences, amounts and dates as that language writes them "
            "(default: guessed, and both languages' readers used).",
        ),
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Write the drafts here (Turtle; JSON with -f json) instead of standard output.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="ttl (drafts), table (for review) or json."
        ),
    ] = "ttl",
    store: StoreOpt = None,
) -> None:
    """Read a news article into draft claims (status Draft) and compare them with the graph.

    The drafts never enter the graph by themselves: review them, set aikg:claimStatus to
    Confirmed, Reported, Estimated or Disputed, move the file into ontology/facts/ and build.
    """
    from graph import metrics as m  # noqa: PLC0415
    from graph.ingest import ingest_text  # noqa: PLC0415
    from graph.ingest.names import NameFinder  # noqa: PLC0415
    from graph.ingest.reading import InputError, read_input  # noqa: PLC0415
    from graph.ingest.turtle import SourceMeta  # noqa: PLC0415
    from graph.store import StoreError  # noqa: PLC0415

    day = _check_options(fmt, lang, source_url, published)
    try:
        article = read_input(source)
    except InputError as exc:
        raise _fail(escape(str(exc))) from None
    try:
        g = _open_store(store)
        finder = NameFinder.from_graph(g)
        data = m.data_of(g)
    except StoreError as exc:
        raise _fail(escape(str(exc))) from None
    meta = SourceMeta(source_url or article.url, publisher, day)
    result = ingest_text(article.text, day, finder, data, meta, lang=lang)
    language = lang or _language(article.text)
    if fmt == "table":
        _table(result, f"{article.origin} ({language}, published {day})")
        if out_file is not None:
            _write(out_file, result.graph.serialize(format="turtle"))
        return
    if fmt == "json":
        doc = {
            "input": article.origin,
            "language": language,
            "published": day.isoformat(),
            "source_url": meta.url,
            "publisher": publisher,
            "drafts": result.rows(),
            "proposed_entities": result.proposed,
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    else:
        text = result.graph.serialize(format="turtle")
    if out_file is None:
        sys.stdout.write(text)
    else:
        _write(out_file, text)
        err.print(f"{len(result.drafts)} draft claim(s) written to {escape(str(out_file))}")


def _check_options(
    fmt: str, lang: str | None, source_url: str | None, published: str | None
) -> date:
    """Check the options; return the publication date (today when not given)."""
    if fmt not in {"ttl", "table", "json"}:
        raise typer.BadParameter("--format must be ttl, table or json")
    if lang is not None and lang not in {"en", "zh"}:
        raise typer.BadParameter("--lang must be en or zh")
    if source_url is not None and not re.match(r"^(https?://|urn:)", source_url):
        raise _fail(f"--source-url expects an http(s) URL, got {escape(repr(source_url))}")
    if published is None:
        day = date.today()
        err.print(f"note: no --published date; relative dates resolve against today ({day})")
        return day
    try:
        return date.fromisoformat(published)
    except ValueError:
        raise _fail(
            f"--published expects a date YYYY-MM-DD, got {escape(repr(published))}"
        ) from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(
            f"cannot write {escape(str(path))}: {escape(exc.strerror or str(exc))}"
        ) from None
