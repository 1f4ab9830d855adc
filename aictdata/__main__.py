"""`python -m aictdata` runs the command-line interface."""

from aictdata.cli import main

main()
