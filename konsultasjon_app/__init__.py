"""Konsultasjon: the register of cooperation agreements between the state and KS, and the consultation meetings."""

__version__ = "0.1.0"
