"""Russia–Kyrgyzstan relations: sourced figures, checks, analyses and the report build."""

__version__ = "0.1.0"
