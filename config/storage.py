"""Static files in production: WhiteNoise's compressed, content-hashed files, URLs memoised.

The manifest of hashed names cannot change while the process runs, so each static URL
is worked out once per process. `{% static %}` is on every page (five times on a
patient page), and working it out each time was about a fifth of the page frame's cost.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        if (url := self._urls.get(name)) is None:
            url = self._urls[name] = super().url(name)
        return url
