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
rule table (:data:`FAMILY_RULES`, read from ``ontology/importers/family-patterns.tsv``,
for the families curated as open/closed splits such as Qwen / Qwen API models)
and then through the longest family name or alias that is a token prefix of the
name. Country names map to ISO codes through :data:`COUNTRY_CODES`, read from
``ontology/importers/countries.tsv``; both tables are read on first use
(:mod:`graph.importers.resolve.tables`).

The package is split by concern:

- :mod:`~graph.importers.resolve.names` -- folding, slugs, splitting cells and tags;
- :mod:`~graph.importers.resolve.cells` -- numbers, dates and formula-like cells;
- :mod:`~graph.importers.resolve.tables` -- the two data tables and their loader;
- :mod:`~graph.importers.resolve.resolver` -- :class:`Kind` and the :class:`Resolver`;
- :mod:`~graph.importers.resolve.minter` -- :class:`Minter`, which creates nodes.

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

from collections.abc import Mapping

from graph.importers.resolve.cells import (
    iter_nonempty,
    looks_like_formula,
    parse_date,
    parse_number,
    xsd_date,
)
from graph.importers.resolve.minter import Minter
from graph.importers.resolve.names import Tagged, country_codes, fold, fold_model, slug, split_cell
from graph.importers.resolve.resolver import FamilyInfo, Kind, Resolution, Resolver
from graph.importers.resolve.tables import FamilyRule, country_table, family_rules

__all__ = [
    "COUNTRY_CODES",
    "FAMILY_RULES",
    "FamilyInfo",
    "Kind",
    "Minter",
    "Resolution",
    "Resolver",
    "Tagged",
    "country_codes",
    "fold",
    "fold_model",
    "iter_nonempty",
    "looks_like_formula",
    "parse_date",
    "parse_number",
    "slug",
    "split_cell",
    "xsd_date",
]

#: Country names used by Epoch AI (lower case) -> ISO 3166-1 alpha-2 ("Multinational"
#: has none); the table of ``ontology/importers/countries.tsv``, read on first use.
COUNTRY_CODES: Mapping[str, str]
#: Ordered (pattern, family slug, unless-pattern) rules on :func:`fold_model` output.
#: The first rule whose pattern matches at the start (and whose unless-pattern does
#: not match anywhere) wins; a rule naming a family that is not curated is ignored.
#: They encode the curated open/closed splits that aliases alone cannot express; the
#: table of ``ontology/importers/family-patterns.tsv``, read on first use.
FAMILY_RULES: tuple[FamilyRule, ...]


def __getattr__(name: str) -> object:
    """Read the data tables behind :data:`COUNTRY_CODES` and :data:`FAMILY_RULES` on first use.

    Importing the package reads no file; the tables are loaded (once) when first
    asked for, so a malformed table fails the import that needs it, not every
    command.
    """
    if name == "COUNTRY_CODES":
        return country_table()
    if name == "FAMILY_RULES":
        return family_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
