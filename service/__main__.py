"""`python -m service` runs the influence-graph CLI."""

from service.cli import main

main()
