"""``python -m graph`` runs the ``aikg`` command line."""

from graph.cli import main

main()
