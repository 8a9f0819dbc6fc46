"""Import LiteLLM's model catalogue (MIT) as model offerings: which platform serves which family.

The file is ``model_prices_and_context_window.json`` from the PyPI package ``litellm``:
one entry per model id per serving provider (``litellm_provider``).

Mapping decisions
-----------------
- ``sample_spec`` (a schema example) is skipped; so are entries whose ``mode`` is not
  a text-generation mode (:data:`LITELLM_MODES`: chat, completion, responses); image,
  audio, video, embedding, rerank, search, OCR... entries are counted per mode.
- Provider key -> platform: first an exact (folded) match with a curated platform's
  name or alias (platforms.ttl lists the provider keys), then :data:`PROVIDER_PLATFORMS`
  (prefix rules: ``bedrock*`` -> Amazon Bedrock, ``vertex_ai*`` -> Vertex AI,
  ``azure_ai`` -> Microsoft Foundry, other ``azure*`` -> Azure OpenAI, ``oci`` -> OCI
  Generative AI, ``dashscope`` -> Alibaba Cloud Model Studio...). Any other key becomes
  a new platform ``id:litellm-platform-<key>`` flagged ``aikg:unresolved``, operated by
  the company the key (or its first word) names, else by a new flagged organisation.
- Model id -> family: the part after the last ``/``, without Bedrock-style region and
  vendor prefixes (``us.anthropic.``), through :meth:`Resolver.family_for`. Ids that
  match no curated family are skipped and listed as unresolved (no family is created:
  its weights access would be a guess).
- One ``aikg:ModelOffering`` per (platform, family), ``id:litellm-offer-<platform>-<family>``,
  with every model id as ``aikg:modelId`` and every entry number as ``aikg:sourceRow``;
  ``aikg:firstParty`` when the platform's operator develops the family. A catalogue
  entry is a third-party listing: status ``aikg:Reported``.

Examples
--------
>>> import json, rdflib, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "catalogue.json"
>>> chat = {"litellm_provider": "bedrock", "mode": "chat"}
>>> _ = path.write_text(json.dumps({
...     "sample_spec": {"mode": "chat"},
...     "anthropic.claude-3-5-sonnet-20241022-v2:0": chat,
...     "us.anthropic.claude-3-haiku-20240307-v1:0": chat,
...     "amazon.titan-embed-text-v1": {"litellm_provider": "bedrock", "mode": "embedding"}}))
>>> curated = rdflib.Graph().parse(format="turtle", data='''
... @prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix id: <https://w3id.org/aikg/id/> .
... @prefix schema: <https://schema.org/> .
... id:amazon a aikg:Company ; schema:name "Amazon" .
... id:anthropic a aikg:Company ; schema:name "Anthropic" .
... id:bedrock a aikg:CloudPlatform ; schema:name "Amazon Bedrock" ; aikg:operator id:amazon .
... id:claude a aikg:ModelFamily ; schema:name "Claude" ; aikg:developer id:anthropic .''')
>>> result = import_litellm(path, Resolver.from_graph(curated))
>>> f = result.report.files["catalogue.json"]
>>> f.rows_read, f.rows_mapped, sorted(f.skipped)
(4, 2, ['mode embedding', 'schema example (sample_spec)'])
>>> from graph.vocab import AIKG, ID
>>> sorted(str(m) for m in result.graph.objects(ID["litellm-offer-bedrock-claude"], AIKG.modelId))
['anthropic.claude-3-5-sonnet-20241022-v2:0', 'us.anthropic.claude-3-haiku-20240307-v1:0']
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.importers.provenance import add_publication, import_activity
from graph.importers.report import FileReport, ImportReport, ImportResult
from graph.importers.resolve import (
    Kind,
    Minter,
    Resolution,
    Resolver,
    fold,
    looks_like_formula,
    slug,
)
from graph.importers.sink import Sink, TripleSink
from graph.vocab import AIKG, ID, PREFIXES, PROV, SCHEMA

__all__ = ["LITELLM_MODES", "PROVIDER_PLATFORMS", "import_litellm", "model_part"]

#: Modes kept: text generation. Everything else is skipped and counted per mode.
LITELLM_MODES = frozenset({"chat", "completion", "responses"})

#: Provider-key prefix -> curated platform slug, tried after the platform aliases.
PROVIDER_PLATFORMS: tuple[tuple[str, str], ...] = (
    ("bedrock", "bedrock"),
    ("sagemaker", "sagemaker"),
    ("vertex_ai", "vertex-ai"),
    ("azure_ai", "azure-ai-foundry"),
    ("azure", "azure-openai"),
    ("oci", "oci-generative-ai"),
    ("dashscope", "alibaba-model-studio"),
    ("fireworks_ai", "fireworks-ai-platform"),
    ("watsonx", "ibm-watsonx"),
    ("cohere", "cohere-platform"),
    ("text-completion-codestral", "mistral-la-plateforme"),
    ("codestral", "mistral-la-plateforme"),
    ("gemini", "google-ai-studio"),
)

_MIT = URIRef("https://spdx.org/licenses/MIT")
_PYPI = URIRef("https://pypi.org/project/litellm/")
_HOST_TAGS = frozenset({"fw"})
_VENDOR = re.compile(r"^([A-Za-z_-]+|ai21)$")


def model_part(key: str) -> tuple[str, str]:
    """Split a catalogue key into (vendor prefix, model id) for family matching.

    Examples
    --------
    >>> model_part("bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0")
    ('anthropic', 'claude-3-5-sonnet-20241022-v2:0')
    >>> model_part("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo")
    ('', 'Llama-3.3-70B-Instruct-Turbo')
    >>> model_part("ft:gpt-3.5-turbo")
    ('', 'gpt-3.5-turbo')
    """
    tail = key.rsplit("/", 1)[-1]
    if tail.startswith("ft:"):
        tail = tail[3:]
    vendor = ""
    parts = tail.split(".")
    while len(parts) > 1 and _VENDOR.match(parts[0]):
        vendor = parts.pop(0)
    return vendor, ".".join(parts)


class _Platforms:
    """Provider key -> platform IRI, minting flagged platforms for unknown keys."""

    def __init__(
        self, graph: Sink, resolver: Resolver, minter: Minter, source: URIRef
    ) -> None:
        self.graph, self.resolver, self.minter, self.source = graph, resolver, minter, source
        self.cache: dict[str, URIRef] = {}

    def get(self, provider: str, row: int, rep: FileReport) -> URIRef:
        if provider in self.cache:
            cached = self.cache[provider]
            rep.lookup(provider, resolved=self.resolver.is_curated(cached))
            return cached
        curated = self._curated(provider)
        rep.lookup(provider, resolved=curated is not None)
        iri = curated
        if iri is None:
            iri = ID[f"litellm-platform-{slug(provider)}"]
            if self.minter.new_node(
                iri, AIKG.CloudPlatform, provider, self.source, row, unresolved=True
            ):
                self.graph.add((iri, AIKG.operator, self._operator(provider, row, rep)))
        self.cache[provider] = iri
        return iri

    def _curated(self, provider: str) -> URIRef | None:
        iri = self.resolver.lookup(provider, Kind.PLATFORM)
        if iri is not None and self.resolver.is_curated(iri):
            return iri
        for prefix, platform in PROVIDER_PLATFORMS:
            if provider.startswith(prefix) and self.resolver.is_curated(ID[platform]):
                return ID[platform]
        return None

    def _operator(self, provider: str, row: int, rep: FileReport) -> URIRef:
        words = fold(provider).split()
        for candidate in (" ".join(words), words[0] if words else ""):
            iri = self.resolver.lookup(candidate, Kind.ORG) if candidate else None
            if iri is not None:
                rep.lookup(provider, resolved=True)
                return iri
        rep.lookup(provider, resolved=False)
        return self.minter.org(Resolution(provider, None), self.source, row)


def _source(
    graph: Sink,
    file_name: str,
    version: str | None,
    published: date | None,
    snapshot: date,
) -> URIRef:
    iri = ID["src-litellm-model-catalogue"]
    label = f"LiteLLM model catalogue ({file_name}" + (f", litellm {version})" if version else ")")
    graph.add((iri, RDF.type, AIKG.Source))
    graph.add((iri, AIKG.snapshotDate, Literal(snapshot.isoformat(), datatype=XSD.date)))
    graph.add((iri, SCHEMA.url, _PYPI))
    graph.add((iri, SCHEMA.publisher, Literal("LiteLLM (BerriAI)")))
    graph.add((iri, SCHEMA.name, Literal(label)))
    graph.add((iri, SCHEMA.license, _MIT))
    graph.add(
        (
            iri,
            SCHEMA.creditText,
            Literal(
                f"{label}, Copyright (c) 2023 Berri AI, MIT License, https://pypi.org/project/litellm/"
            ),
        )
    )
    if version:
        graph.add((iri, SCHEMA.version, Literal(version)))
    add_publication(graph, iri, published)
    return iri


def _load(path: Path, rep: FileReport) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        rep.note("file missing or unreadable")
        return None
    except (ValueError, RecursionError):
        rep.skip("invalid JSON")
        return None
    if not isinstance(data, dict):
        rep.skip("top level is not a JSON object")
        return None
    return data


def import_litellm(
    file: Path,
    resolver: Resolver,
    *,
    version: str | None = None,
    published: date | None = None,
    snapshot: date | None = None,
) -> ImportResult:
    """Import LiteLLM's ``model_prices_and_context_window.json``.

    Parameters
    ----------
    file : Path
        The JSON catalogue.
    resolver : Resolver
        Built from the curated graph.
    version : str, optional
        The litellm package version the file comes from (e.g. ``"1.109.1"``), recorded
        on the source.
    published : date, optional
        Release date of that version (``schema:datePublished`` of the source).
    snapshot : date, optional
        The date the catalogue is known to hold its entries (``aikg:snapshotDate``):
        the version's release date when known, else the day the file is read
        (the default). The catalogue's offerings carry no dates of their own, so
        they count from this date, never before.

    Returns
    -------
    ImportResult
    """
    graph = TripleSink()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    report = ImportReport("litellm")
    rep = report.file(file.name)
    data = _load(file, rep)
    if data is None:
        return ImportResult(graph, report)
    retrieved = snapshot or published or date.today()
    source = _source(graph, file.name, version, published, retrieved)
    activity = "Import of the LiteLLM model catalogue"
    import_activity(graph, "litellm", activity, [source], retrieved, version=version)
    minter = Minter(graph, resolver, "litellm")
    platforms = _Platforms(graph, resolver, minter, source)
    offers: dict[tuple[URIRef, URIRef], list[tuple[str, int]]] = defaultdict(list)
    for n, (key, entry) in enumerate(data.items(), start=1):
        rep.rows_read += 1
        reason = _check(key, entry)
        if reason:
            rep.skip(reason)
            continue
        provider: str = entry["litellm_provider"]
        vendor, model = model_part(key)
        family = _family(resolver, vendor, model)
        if family is None:
            rep.skip("no curated model family")
            rep.lookup(model, resolved=False)
            continue
        rep.lookup(model, resolved=True)
        offers[(platforms.get(provider, n, rep), family)].append((key, n))
        rep.rows_mapped += 1
    for (platform, family), ids in sorted(offers.items()):
        _offering(graph, resolver, source, platform=platform, family=family, ids=ids)
    return ImportResult(graph, report)


def _family(resolver: Resolver, vendor: str, model: str) -> URIRef | None:
    """Return the family of a model id.

    Retries with the vendor prefix, then without leading
    tokens that name a curated organisation or a host ("databricks-claude-...",
    "openai-gpt-4o", "FW-GLM-5" for a Fireworks-served model on Foundry).
    """
    family = resolver.family_for(model)
    if family is None and vendor:
        family = resolver.family_for(f"{vendor} {model}")
    if family is None:
        tokens = fold(model).split()
        while (
            family is None
            and len(tokens) > 1
            and (
                tokens[0] in _HOST_TAGS or resolver.is_curated(resolver.lookup(tokens[0], Kind.ORG))
            )
        ):
            tokens.pop(0)
            family = resolver.family_for(" ".join(tokens))
    return family


def _check(key: object, entry: object) -> str | None:
    """Return why an entry is skipped, or None."""
    if key == "sample_spec":
        return "schema example (sample_spec)"
    if not isinstance(key, str) or not key.strip():
        return "empty model id"
    if not isinstance(entry, dict):
        return "entry is not an object"
    provider = entry.get("litellm_provider")
    if not isinstance(provider, str) or not provider.strip():
        return "no litellm_provider"
    if looks_like_formula(key) or looks_like_formula(provider):
        return "formula-like model id or provider (CSV injection)"
    mode = entry.get("mode")
    if not isinstance(mode, str):
        return "no mode"
    if mode not in LITELLM_MODES:
        return f"mode {mode[:40]}"
    return None


def _local(iri: URIRef) -> str:
    return str(iri).removeprefix(str(ID))


def _offering(
    graph: Sink,
    resolver: Resolver,
    source: URIRef,
    *,
    platform: URIRef,
    family: URIRef,
    ids: list[tuple[str, int]],
) -> None:
    iri = ID[f"litellm-offer-{_local(platform)}-{_local(family)}"]
    graph.add((iri, RDF.type, AIKG.ModelOffering))
    family_name = resolver.names.get(family, _local(family))
    platform_name = resolver.names.get(platform) or str(graph.value(platform, SCHEMA.name))
    graph.add((iri, SCHEMA.name, Literal(f"{family_name} on {platform_name} (LiteLLM)")))
    graph.add((iri, AIKG.platform, platform))
    graph.add((iri, AIKG.modelFamily, family))
    operator = resolver.operators.get(platform) or graph.value(platform, AIKG.operator)
    first_party = operator in resolver.families[family].developers
    graph.add((iri, AIKG.firstParty, Literal(first_party)))
    graph.add((iri, AIKG.claimStatus, AIKG.Reported))
    graph.add((iri, PROV.wasDerivedFrom, source))
    for key, row in ids:
        graph.add((iri, AIKG.modelId, Literal(key)))
        graph.add((iri, AIKG.sourceRow, Literal(row)))
