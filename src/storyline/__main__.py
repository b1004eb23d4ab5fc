"""`python -m storyline` runs the CLI."""

from storyline.present.cli import main

main()
