"""The base of every error a user may see: a code that selects a translated message."""

from __future__ import annotations

from typing import Any, ClassVar

from assessment.content import Content


class TranslatableError(Exception):
    """An error with a ``code`` and parameters; ``message`` says it in the user's language.

    A subclass names the family of interface texts it draws from (``ui.yaml`` keys
    ``<prefix>.<code>``).
    """

    prefix: ClassVar[str]

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}" if params else code)

    def message(self, content: Content, lang: str) -> str:
        return content.t(f"{self.prefix}.{self.code}", lang, **self.params)
