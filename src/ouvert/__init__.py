"""ouvert: the shared open data platform of a territory."""

__version__ = "0.1.0"
