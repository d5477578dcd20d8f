"""Errors raised inside the FEEL engine.

A :class:`FeelError` raised while evaluating is caught by the evaluator at the
nearest expression boundary and turned into ``null`` plus a message, as the
standard requires; it never reaches the caller as a traceback.
A :class:`FeelSyntaxError` is raised at compile time and names the position.
"""

from __future__ import annotations


class FeelError(Exception):
    """A FEEL runtime error: the offending expression evaluates to null."""


class FeelSyntaxError(FeelError):
    """An expression that cannot be parsed; ``position`` is a 0-based offset into ``text``."""

    def __init__(self, message: str, text: str = "", position: int = 0) -> None:
        self.message = message
        self.text = text
        self.position = position
        super().__init__(f"{message} (positie {position + 1})" if text else message)
