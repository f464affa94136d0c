"""Errors raised by the numeric layer for bad input."""


class DomainError(ValueError):
    """A parameter lies outside the domain where a closed form or a simulator is defined."""
