"""``python -m graph.serve`` runs ``aikg serve`` (one command line, one set of defaults)."""

import sys

from graph.cli import main

sys.argv = ["aikg", "serve", *sys.argv[1:]]
main()
