"""storyline: turn raw news pages into a sourced record of a story."""

__version__ = "0.1.0"
