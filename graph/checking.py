"""Validate a build's inputs, all rules in one report.

The SHACL shapes run beside the structure, identity, term, source and counting rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from graph.checks import rule_problems
from graph.claims import ClaimData, read_claims
from graph.forked import run_beside, thread_beside
from graph.identity import identity_problems
from graph.inputs import LoadedSources, load_sources
from graph.progress import stage
from graph.resources import fact_files, ontology_file
from graph.shacl_sparql import (
    CompiledCheck,
    keep_shipped_checks,
    shipped_checks,
    validate_store,
)
from graph.sources import url_problems
from graph.structure import structure_problems
from graph.terms import term_problems
from graph.validate import Problem, ValidationReport, validate_graph

__all__ = ["Engine", "check", "check_with_claims", "validate_paths"]


Engine = Literal["sparql", "pyshacl"]


def check(
    sources: LoadedSources, engine: Engine = "sparql", store: ox.Store | None = None
) -> ValidationReport:
    """Validate parsed sources with the SHACL shapes.

    Parameters
    ----------
    sources : LoadedSources
        Ontology plus data.
    engine : {"sparql", "pyshacl"}
        ``"sparql"`` runs the shapes compiled to SPARQL inside Oxigraph
        (:mod:`graph.shacl_sparql`, fast); ``"pyshacl"`` the reference implementation.
        Both report the same problems (tested).
    store : pyoxigraph.Store, optional
        A store that already holds the sources (saves loading them again); it
        is read in this process (a store on disk does not survive a fork).
    """
    return check_with_claims(sources, engine, store, fork=store is None)[0]


def check_with_claims(
    sources: LoadedSources, engine: Engine, store: ox.Store | None, *, fork: bool = True
) -> tuple[ValidationReport, ClaimData]:
    """SHACL plus the counting and time rules (:mod:`graph.checks`); also the claims read."""
    stage("validating: SHACL shapes, counting and time rules")
    checked = store if store is not None else sources.store()

    def shapes() -> tuple[ValidationReport, tuple[CompiledCheck, ...] | None]:
        if engine == "pyshacl":
            return validate_graph(sources.graph, origins=sources.origins), None
        return validate_store(checked, origins=sources.origins), shipped_checks()

    def others() -> tuple[ClaimData, list[Problem]]:
        data = read_claims(checked)
        problems = [
            *structure_problems(checked, sources.origins),
            *identity_problems(checked, sources.origins),
            *term_problems(checked, sources.origins),
            *url_problems(checked, sources.origins),
            *rule_problems(data, sources.origins),
        ]
        return data, problems

    if fork:  # the shapes run in a child process beside the other checks (graph.forked)
        (report, checks), (data, problems) = run_beside(shapes, others)
        if checks is not None:  # the next build in this process need not compile them
            keep_shipped_checks(checks)
    else:  # a store on disk: its engine's threads and locks do not survive a fork, but
        # Oxigraph lets go of the GIL while it answers a query, so the shapes (nearly all
        # of their time inside Oxigraph) run in a thread beside the other checks
        (report, _), (data, problems) = thread_beside(shapes, others)
    report.problems.extend(problems)
    report.problems.sort(key=lambda p: p.severity != "Violation")
    return report, data


def validate_paths(
    paths: Sequence[Path] | None = None, engine: Engine = "sparql"
) -> ValidationReport:
    """Parse and validate files together with the ontology, writing nothing.

    Parameters
    ----------
    paths : sequence of Path, optional
        Facts files or folders; the curated facts when omitted. The ontology is
        always added.

    Raises
    ------
    BuildError
        If a file does not parse.
    """
    files = [ontology_file(), *(paths if paths else fact_files())]
    return check(load_sources(files), engine)
