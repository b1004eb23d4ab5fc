"""The commands of `storyline`, one module per family (`present/cli.py` gathers them).

Each command imports the stages it uses inside its body, so `storyline --help`
and the commands that only read the store do not pay for importing the whole
pipeline (its rules compile many regular expressions at import).
"""
