"""Normalisers: small, pure functions that turn printed cell text into values."""
