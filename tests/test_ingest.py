"""``aikg ingest``: from a news article to draft claims (issue 16).

The reading (amounts, bounds, dates, names), the drafts as Turtle (valid apart from
their Draft status, refused by the build), the comparison with the graph, the command
with its inputs (file, standard input, a URL on a loopback server) and the scores on the
labelled set in ``tests/ingest`` against the bar of the issue.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from graph.build import build
from graph.checking import validate_paths
from graph.claims import read_claims
from graph.cli import app
from graph.ingest import ingest_text
from graph.ingest.dates import find_dates, find_deadline, find_duration
from graph.ingest.drafts import extract
from graph.ingest.evaluate import evaluate, load_articles, report
from graph.ingest.names import NameFinder
from graph.ingest.quantities import find_quantities
from graph.ingest.reading import InputError, read_input
from graph.ingest.turtle import SourceMeta
from graph.inputs import BuildError
from graph.vocab import AIKG, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "ingest"
ID = "https://w3id.org/aikg/id/"
runner = CliRunner()


@pytest.fixture(scope="module")
def finder(facts_graph: rdflib.Graph) -> NameFinder:
    return NameFinder.from_graph(facts_graph)


# ------------------------------------------------------------------ quantities ---


@pytest.mark.parametrize(
    ("text", "value", "currency", "bound"),
    [
        ("$25 billion", 25e9, "USD", "exact"),
        ("US$5bn", 5e9, "USD", "exact"),
        ("up to $40B", 40e9, "USD", "ceiling"),
        ("more than $100 billion", 100e9, "USD", "floor"),
        ("about $650 million", 650e6, "USD", "approx"),
        ("€1.3 billion", 1.3e9, "EUR", "exact"),
        ("£400 million", 400e6, "GBP", "exact"),
        ("more than 380 billion yuan", 380e9, "CNY", "floor"),
        ("250亿美元", 25e9, "USD", "exact"),
        ("最高400亿美元", 40e9, "USD", "ceiling"),
        ("约1.2万亿元", 1.2e12, "CNY", "approx"),
        ("不低于20亿元", 2e9, "CNY", "floor"),
        ("5 GW", 5.0, "GW", "exact"),
        ("five gigawatts", 5.0, "GW", "exact"),
        ("约5吉瓦", 5.0, "GW", "approx"),
        ("500 MW", 0.5, "GW", "exact"),
        ("a 3.5-gigawatt-level cluster", 3.5, "GW", "approx"),
        ("$20 billion兑现", 20e9, "USD", "exact"),
        ("22.8 trillion won ($16.5 billion)", 22.8e12, "KRW", "exact"),
        ("募资约43亿港元", 4.3e9, "HKD", "approx"),
        ("revenue had passed €300 million", 300e6, "EUR", "floor"),
    ],
)
def test_amounts_are_read_with_currency_and_bound(
    text: str, value: float, currency: str, bound: str
) -> None:
    [q] = find_quantities(text)
    assert (q.value, q.currency, q.bound) == (pytest.approx(value), currency, bound)


def test_small_numbers_and_percentages_are_no_amounts() -> None:
    assert find_quantities("a 233% increase, $5 a share, 8个月, 2027年") == []


# ----------------------------------------------------------------------- dates ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("said on Monday", "2026-03-02"),  # published on Wednesday 4 March 2026
        ("said on Wednesday", "2026-03-04"),
        ("finalised yesterday", "2026-03-03"),
        ("谷歌周一宣布", "2026-03-02"),
        ("3月3日宣布", "2026-03-03"),
        ("On April 7, 2026, it said", "2026-04-07"),
        ("in September 2025", "2025-09"),
        ("at the end of 2025", "2025-12"),
        ("as early as 2019", "2019"),
        ("just this month", "2026-03"),
        ("a year earlier", "2025-03"),
        ("three months ago", "2025-12"),
        ("上周一完成", "2026-02-23"),
        ("本周三", "2026-03-04"),
    ],
)
def test_dates_resolve_against_the_publication_date(text: str, expected: str) -> None:
    [d] = find_dates(text, date(2026, 3, 4))
    assert d.text == expected


def test_a_future_year_is_a_term_not_the_date_of_the_claim() -> None:
    assert find_dates("capacity by 2027, starting in 2028", date(2026, 3, 4)) == []


def test_the_end_of_a_coming_year_is_a_term_not_the_date_of_the_claim() -> None:
    assert find_dates("in service by the end of 2026; 2027年底", date(2026, 3, 4)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("capacity by 2027", "2027-12-31"),
        ("in service by the end of 2026", "2026-12-31"),
        ("by end-2028", "2028-12-31"),
        ("online by mid-2027", "2027-06-30"),
        ("before 2030", "2029-12-31"),
        ("2027年前建成", "2026-12-31"),
        ("到2027年", "2027-12-31"),
        ("2026年底前交付", "2026-12-31"),
        # counted from the day the claim was made (here Monday 20 April 2026)
        ("within four days", "2026-04-24"),
        ("within two weeks", "2026-05-04"),
        ("within 18 months", "2027-10-20"),
        ("in the next three years", "2029-04-20"),
        ("三年内", "2029-04-20"),
        ("6个月内", "2026-10-20"),
    ],
)
def test_deadlines_are_read_as_the_last_day_by_which(text: str, expected: str) -> None:
    found = find_deadline(text, date(2026, 4, 20))
    assert found is not None
    assert found.isoformat() == expected


def test_no_deadline_without_one_or_without_a_claim_date() -> None:
    assert find_deadline("over the next decade", date(2026, 4, 20)) is None
    assert find_deadline("2025年前三季度收入", date(2026, 4, 20)) is None
    assert find_deadline("within four days") is None


def test_a_commitments_deadline_counts_from_the_claim_and_reaches_the_turtle(
    finder: NameFinder,
) -> None:
    text = (
        "Anthropic said on Monday it will spend $30 billion on Microsoft Azure capacity "
        "within 18 months. Google will invest up to $40B in Anthropic by the end of 2027."
    )
    result = ingest_text(text, date(2026, 4, 22), finder)
    rows = [(r["kind"], r["date"], r["deadline"]) for r in result.rows()]
    assert rows == [
        ("SpendCommitment", "2026-04-20", "2027-10-20"),
        ("EquityInvestment", "2026-04-20", "2027-12-31"),  # the paragraph's date
    ]
    deadlines = sorted(str(o) for o in result.graph.objects(None, AIKG.deadline))
    assert deadlines == ["2027-10-20", "2027-12-31"]
    # relative to --published when the sentence gives no date of its own
    [d] = extract("微软承诺三年内向OpenAI采购500亿美元的算力。", date(2026, 4, 22), finder)
    assert (d.date_text, d.deadline) == ("2026-04-22", date(2029, 4, 22))
    # a year already past is no deadline
    past = "By 2024 Amazon had invested $8 billion in Anthropic."
    [d] = extract(past, date(2026, 4, 26), finder)
    assert (d.kind, d.deadline) == ("EquityInvestment", None)
    # an interval between pieces of news is no deadline of an investment
    news = "Within 4 days, Amazon announced an additional $25 billion investment in Anthropic."
    [d] = extract(news, date(2026, 4, 26), finder)
    assert (d.kind, d.deadline) == ("EquityInvestment", None)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("over the next decade", "P10Y"),
        ("a 10-year deal", "P10Y"),
        ("未来五年内", "P5Y"),
        ("五年内", "P5Y"),
    ],
)
def test_terms_are_read_as_durations(text: str, iso: str) -> None:
    assert find_duration(text) == iso


# ----------------------------------------------------------------------- names ---


def test_chinese_names_and_platforms_resolve_to_the_curated_companies(finder: NameFinder) -> None:
    text = "亚马逊、谷歌云、微软、阿里巴巴、腾讯、字节跳动、百度、华为、月之暗面、智谱、深度求索"
    found = [m.iri.removeprefix(ID) for m in finder.find(text)]
    assert found == [
        "amazon",
        "google",
        "microsoft",
        "alibaba",
        "tencent",
        "bytedance",
        "baidu",
        "huawei",
        "moonshot-ai",
        "zhipu-ai",
        "deepseek",
    ]


def test_names_fold_case_accents_and_punctuation_and_forgive_near_misses(
    finder: NameFinder,
) -> None:
    found = finder.find("MISTRAL-AI and Antropic met Amazon Web Services; an arm of Meta")
    assert [(m.iri.removeprefix(ID), m.how) for m in found] == [
        ("mistral-ai", "alias"),
        ("anthropic", "fuzzy"),
        ("amazon", "alias"),
        ("meta", "alias"),
    ]


def test_a_name_the_graph_lacks_is_proposed_never_guessed(finder: NameFinder) -> None:
    text = "Microsoft agreed to acquire Lumen Robotics for about $650 million on Friday."
    result = ingest_text(text, date(2026, 1, 20), finder)
    assert result.proposed == ["Lumen Robotics"]
    [d] = result.drafts
    assert (d.kind, d.counterparty) == ("Acquisition", "?Lumen Robotics")
    assert (rdflib.URIRef(ID + "new-lumen-robotics"), rdflib.RDF.type, AIKG.Company) in result.graph


# ---------------------------------------------------------------------- drafts ---


def test_a_deal_with_tranches_and_a_commitment_back(finder: NameFinder) -> None:
    text = (
        "Amazon said on Monday it will invest up to $25 billion in Anthropic: $5 billion now "
        "and $20 billion tied to commercial milestones. In return, Anthropic committed to "
        "spend more than $100 billion on AWS over the next decade."
    )
    drafts = extract(text, date(2026, 4, 22), finder)
    rows = [
        (d.kind, d.party, d.counterparty, d.value, d.bound, d.date_text, d.tranche_kind, d.duration)
        for d in drafts
    ]
    a, b = ID + "amazon", ID + "anthropic"
    assert rows == [
        ("EquityInvestment", a, b, 25e9, "ceiling", "2026-04-20", None, None),
        ("Tranche", a, b, 5e9, "exact", "2026-04-20", "Upfront", None),
        ("Tranche", a, b, 20e9, "exact", "2026-04-20", "Milestone", None),
        ("SpendCommitment", b, a, 100e9, "floor", "2026-04-20", None, "P10Y"),
    ]
    assert [d.parent for d in drafts] == [None, 0, 0, None]
    # the span of the sentence, not its text
    assert text[drafts[3].span[0] : drafts[3].span[1]].startswith("In return, Anthropic")


def test_chips_and_the_providers_platform_are_named(finder: NameFinder) -> None:
    text = (
        "Anthropic committed to spend more than $100 billion on AWS over the next decade, "
        "covering Trainium2 and Trainium3. 谷歌云将在未来五年内为Anthropic提供约1吉瓦的TPU v7算力。"
    )
    spend, capacity = extract(text, date(2026, 4, 22), finder)
    assert spend.chips == (ID + "trainium2", ID + "trainium3")
    assert (spend.platform, spend.duration) == (ID + "aws", "P10Y")
    assert (capacity.kind, capacity.party, capacity.counterparty) == (
        "CapacityCommitment",
        ID + "anthropic",
        ID + "google",
    )
    assert (capacity.chips, capacity.platform, capacity.duration) == (
        (ID + "tpu-v7",),
        ID + "google-cloud",
        "P5Y",
    )
    g = ingest_text(text, date(2026, 4, 22), finder).graph
    assert set(g.objects(None, AIKG.chip)) == {
        rdflib.URIRef(ID + x) for x in ("trainium2", "trainium3", "tpu-v7")
    }


def test_the_given_language_decides_the_readers(finder: NameFinder) -> None:
    zh = "谷歌周一宣布向Anthropic投资最高400亿美元。"
    en = "Google said on Monday it will invest up to $40B in Anthropic."
    day = date(2026, 5, 13)  # a Wednesday
    for text in (zh, en):
        [d] = extract(text, day, finder)  # not given: both languages' readers
        assert (d.kind, d.value, d.bound, d.date_text) == (
            "EquityInvestment",
            40e9,
            "ceiling",
            "2026-05-11",
        )
    assert [d.value for d in extract(zh, day, finder, lang="zh")] == [40e9]
    assert extract(zh, day, finder, lang="en") == []  # no Chinese amounts read
    assert extract(en, day, finder, lang="zh") == []  # no English amounts read
    assert find_dates("on Monday, 周二", day, "zh")[0].text == "2026-05-12"
    assert find_dates("on Monday, 周二", day, "en")[0].text == "2026-05-11"


def test_an_approximate_amount_is_written_as_its_value_with_a_note(finder: NameFinder) -> None:
    text = "Anthropic agreed to acquire Coefficient Bio for about $400 million on Friday."
    result = ingest_text(text, date(2026, 4, 6), finder)
    [d] = result.drafts
    assert (d.kind, d.value, d.bound) == ("Acquisition", 400e6, "approx")
    values = [str(v) for v in result.graph.objects(None, SCHEMA.value)]
    assert values == ["400000000.0"]
    [note] = [str(x) for x in result.graph.objects(None, SCHEMA.description) if "Read by" in x]
    assert note.endswith("The article gives the amount as approximate.")


def test_a_denial_states_no_claim_and_talks_are_marked(finder: NameFinder) -> None:
    denied = "Nvidia denied on Tuesday a report that it would invest $2 billion in Mistral AI."
    assert extract(denied, date(2026, 2, 18), finder) == []
    talks = "SoftBank is in talks to invest as much as $30 billion in OpenAI."
    [d] = extract(talks, date(2025, 10, 7), finder)
    assert (d.stage, d.bound) == ("Talks", "ceiling")


def test_same_text_gives_the_same_turtle(finder: NameFinder) -> None:
    text = (SET / "zh05.txt").read_text(encoding="utf-8")
    meta = SourceMeta("https://example.org/news/1", "Example", date(2026, 3, 11))
    one = ingest_text(text, date(2026, 3, 11), finder, source=meta).graph.serialize(format="turtle")
    two = ingest_text(text, date(2026, 3, 11), finder, source=meta).graph.serialize(format="turtle")
    assert one == two
    assert "aikg:claimStatus aikg:Draft" in one
    assert "<https://example.org/news/1>" in one


def test_strings_from_the_article_are_escaped_in_turtle(finder: NameFinder) -> None:
    text = 'Microsoft agreed to acquire Quote"Inc for $1 billion on Friday.'
    ttl = ingest_text(text, date(2026, 1, 20), finder).graph.serialize(format="turtle")
    parsed = rdflib.Graph().parse(data=ttl, format="turtle")
    assert len(parsed) > 5


# ---------------------------------------------------------------- compare ---


def test_drafts_say_whether_they_restate_update_or_are_new(
    finder: NameFinder, facts_graph: rdflib.Graph
) -> None:
    data = read_claims(facts_graph)
    text = (SET / "zh01.txt").read_text(encoding="utf-8")
    result = ingest_text(text, date(2026, 4, 22), finder, data)
    assert [(c.verdict, (c.claim or "").removeprefix(ID)) for c in result.comparisons] == [
        ("restates", "deal-amazon-anthropic-2026"),
        ("restates", "deal-amazon-anthropic-2026-t1"),
        ("restates", "deal-amazon-anthropic-2026-t2"),
        ("restates", "deal-amazon-anthropic-2026-commit"),
    ]
    text = "OpenAI was valued at $500 billion, investors said on Monday."
    [c] = ingest_text(text, date(2025, 11, 3), finder, data).comparisons
    assert c.verdict == "updates"
    text = "Anthropic agreed on Monday to acquire Example Robotics for $2 billion."
    [c] = ingest_text(text, date(2026, 6, 3), finder, data).comparisons
    assert c == ("new", None)


def test_without_a_verb_of_supply_the_compute_seller_is_the_provider(finder: NameFinder) -> None:
    text = "CoreWeave said on Tuesday it had signed an agreement with Meta worth $14.2 billion."
    [d] = extract(text, date(2025, 9, 30), finder)
    assert (d.kind, d.party, d.counterparty) == ("SpendCommitment", ID + "meta", ID + "coreweave")


# ------------------------------------------- drafts validate; the build refuses ---


@pytest.fixture(scope="module")
def draft_files(tmp_path_factory: pytest.TempPathFactory, finder: NameFinder) -> list[Path]:
    folder = tmp_path_factory.mktemp("drafts")
    paths = []
    for article in load_articles(SET):
        meta = SourceMeta(None, "aikg test set", article.published)
        result = ingest_text(article.text, article.published, finder, source=meta)
        path = folder / f"{article.name}.ttl"
        path.write_text(result.graph.serialize(format="turtle"), encoding="utf-8")
        paths.append(path)
    return paths


def test_every_draft_file_validates_apart_from_its_draft_status(draft_files: list[Path]) -> None:
    facts = ROOT / "ontology" / "facts"
    drafts = 0
    for path in draft_files:
        drafts += len(list(rdflib.Graph().parse(path).subjects(AIKG.claimStatus, AIKG.Draft)))
    report = validate_paths([facts, *draft_files])
    assert drafts > 60
    assert [p for p in report.violations if str(p.value) != "aikg:Draft"] == []
    assert len(report.violations) == drafts
    assert {p.path for p in report.violations} == {"aikg:claimStatus"}
    assert all(
        "set aikg:claimStatus to one of these, then rebuild" in p.message for p in report.violations
    )


def test_the_build_refuses_drafts_and_says_how_to_promote_them(draft_files: list[Path]) -> None:
    path = next(p for p in draft_files if p.name == "en03.ttl")
    with pytest.raises(BuildError) as caught:
        build("memory", extra_paths=[path])
    report = caught.value.report
    assert report is not None
    [problem] = report.violations
    assert problem.focus.startswith("id:draft-")
    assert problem.files == (str(path),)
    assert "a Draft (written by aikg ingest) is not reviewed yet" in problem.message
    assert "Confirmed, Reported, Estimated or Disputed" in problem.message
    # promoted after review, the same file builds
    promoted = path.with_name("en03-reviewed.ttl")
    promoted.write_text(
        path.read_text(encoding="utf-8")
        .replace("aikg:claimStatus aikg:Draft", "aikg:claimStatus aikg:Reported")
        .replace('"Lumen Robotics" .', '"Lumen Robotics" ; aikg:countryCode "US" .'),
        encoding="utf-8",
    )
    assert build("memory", extra_paths=[promoted]).graph is not None


# ----------------------------------------------------------------- the bar ---


@pytest.fixture(scope="module")
def scores(finder: NameFinder):  # type: ignore[no-untyped-def]
    return evaluate(SET, finder)


def test_the_set_has_twenty_english_and_ten_chinese_articles_and_the_seed() -> None:
    articles = load_articles(SET)
    by_language = {
        lang: [a for a in articles if a.language == lang and a.name != "seed"]
        for lang in ("en", "zh")
    }
    assert len(by_language["en"]) >= 20
    assert len(by_language["zh"]) >= 10
    assert any(a.name == "seed" and "Coefficient Bio" in a.text for a in articles)
    assert sum(len(a.claims) for a in articles) >= 80


def test_precision_and_recall_meet_the_bar_per_language(scores) -> None:  # type: ignore[no-untyped-def]
    print(report(scores))
    for lang in ("en", "zh"):
        s = scores.by_language[lang]
        assert s.precision >= 0.9, (lang, s.precision, s.errors)
        assert s.recall >= 0.8, (lang, s.recall, s.errors)
    assert scores.seed is not None
    assert scores.seed.recall >= 0.8, scores.seed.errors


@pytest.mark.parametrize(
    ("folder", "precision", "recall"),
    [
        ("heldout", 0.9, 0.9),
        ("heldout2", 0.8, 0.7),
        ("heldout3", 0.85, 0.85),
        ("heldout4", 0.9, 0.9),
        ("heldout5", 0.85, 0.75),
        ("heldout6", 0.9, 0.9),
    ],
)
def test_the_held_out_batches_stay_read(
    finder: NameFinder, folder: str, precision: float, recall: float
) -> None:
    # written after the rules, then used to revise them: their first-run scores are in the
    # README; these floors keep later changes from losing what they taught
    result = evaluate(SET / folder, finder)
    print(report(result, errors=True))
    for lang, s in result.by_language.items():
        assert s.precision >= precision, (lang, s.errors)
        assert s.recall >= recall, (lang, s.errors)


def test_the_readme_shows_the_scores_the_evaluation_prints(scores) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("list of misses):\n\n```text\n", 1)[1].split("```", 1)[0]
    assert table.strip("\n").splitlines() == report(scores).splitlines()[:4]


def test_an_article_takes_well_under_a_second(finder: NameFinder) -> None:
    # the seed article (16 kB) and every labelled article read as one long text
    articles = load_articles(SET)
    seed = next(a.text for a in articles if a.name == "seed")
    for text in (seed, "\n".join(a.text for a in articles)):
        started = time.perf_counter()
        extract(text, date(2026, 4, 26), finder)
        assert time.perf_counter() - started < 1.0


# ----------------------------------------------------------------- the command ---


def test_ingest_prints_a_review_table(monkeypatch: pytest.MonkeyPatch, oxigraph_url: str) -> None:
    from graph.cli import common  # noqa: PLC0415

    monkeypatch.setattr(common.out, "_width", 200)
    result = runner.invoke(
        app,
        [
            "ingest",
            str(SET / "en22.txt"),
            "--published",
            "2025-11-20",
            "-f",
            "table",
            "--store",
            oxigraph_url,
        ],
        env={"COLUMNS": "200"},
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    # the console's width is fixed when it is made: compare the cells' words, not lines
    words = result.output.replace("│", " ").split()
    assert words.count("restates") == 3
    assert words.count("new") == 1
    assert "EquityInvestment" in words
    assert "2025-11-18" in words
    assert "deal-nvidia-anthropic-2025" in words


def test_ingest_writes_json_and_turtle(oxigraph_url: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "ingest",
            str(SET / "zh03.txt"),
            "--published",
            "2025-11-20",
            "-f",
            "json",
            "--store",
            oxigraph_url,
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    first = doc["drafts"][0]
    assert (first["kind"], first["stage"], first["amount"], doc["language"]) == (
        "EquityInvestment",
        "Talks",
        "<= 3,000,000,000 CNY",
        "zh",
    )
    # read as English, the Chinese article's amounts (亿元) are not read at all
    args = ["ingest", str(SET / "zh03.txt"), "--published", "2025-11-20", "-f", "json"]
    result = runner.invoke(app, [*args, "--lang", "en", "--store", oxigraph_url])
    assert result.exit_code == 0, result.output
    assert (json.loads(result.stdout)["language"], json.loads(result.stdout)["drafts"]) == (
        "en",
        [],
    )
    out = tmp_path / "drafts.ttl"
    result = runner.invoke(
        app,
        [
            "ingest",
            str(SET / "en01.txt"),
            "--published",
            "2026-03-04",
            "--source-url",
            "https://example.org/a?x=1&y=2",
            "--publisher",
            'The "Example" Times',
            "--out",
            str(out),
            "--store",
            oxigraph_url,
        ],
    )
    assert result.exit_code == 0, result.output
    g = rdflib.Graph().parse(out)
    assert len(list(g.subjects(AIKG.claimStatus, AIKG.Draft))) == 2
    assert rdflib.Literal('The "Example" Times') in set(
        g.objects(None, rdflib.URIRef("https://schema.org/publisher"))
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty text"),
        (b"   \n", "empty text"),
        (b"\x00\x01\x02", "binary"),
    ],
)
def test_bad_input_is_a_clear_error(
    tmp_path: Path, oxigraph_url: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(
        app, ["ingest", str(path), "--published", "2026-01-01", "--store", oxigraph_url]
    )
    assert result.exit_code == 1
    assert message in result.output


def test_standard_input_is_read(oxigraph_url: str) -> None:
    text = (SET / "en13.txt").read_text(encoding="utf-8")
    result = runner.invoke(
        app,
        ["ingest", "-", "--published", "2025-08-14", "-f", "json", "--store", oxigraph_url],
        input=text,
    )
    assert result.exit_code == 0, result.output
    [d] = json.loads(result.stdout)["drafts"]
    assert (d["kind"], d["compare"]) == ("SpendCommitment", "restates")


class _Pages(http.server.BaseHTTPRequestHandler):
    PAGE = (
        b"<html><head><title>News</title></head><body><nav>Home | World | Tech</nav>"
        b"<article><h1>Google deepens its Anthropic bet</h1><p>Google will put up to $40B into "
        b"Anthropic, the search giant confirmed on Tuesday. The money arrives in two parts: $10 "
        b"billion now and $30 billion tied to performance targets.</p><p>Analysts said the move "
        b"keeps Google level with Amazon, Anthropic's other large backer.</p></article>"
        b"<footer>Copyright</footer></body></html>"
    )

    def do_GET(self) -> None:
        if self.path != "/article":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.PAGE)))
        self.end_headers()
        self.wfile.write(self.PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_html_file_is_reduced_to_its_article(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_bytes(_Pages.PAGE)
    article = read_input(str(page))
    assert "Copyright" not in article.text
    assert "$10 billion now" in article.text.replace("\n", " ")


def test_a_url_is_fetched_and_its_html_reduced_to_the_article(
    server: str, oxigraph_url: str
) -> None:
    article = read_input(f"{server}/article")
    assert "Home | World" not in article.text
    assert article.text.count("$40B") == 1
    result = runner.invoke(
        app,
        [
            "ingest",
            f"{server}/article",
            "--published",
            "2026-05-12",
            "-f",
            "json",
            "--store",
            oxigraph_url,
        ],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["source_url"] == f"{server}/article"
    assert [(d["kind"], d["value"]) for d in doc["drafts"]] == [
        ("EquityInvestment", 40e9),
        ("Tranche", 10e9),
        ("Tranche", 30e9),
    ]


def test_an_unreachable_url_is_a_clear_error(server: str) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        read_input(f"{server}/missing")
