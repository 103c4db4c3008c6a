"""Who builds each kind of export.

A builder is ``build(job, out, progress) -> Built``: it writes the file's bytes to
``out`` (a binary file), calls ``progress(done, total)`` as it goes, and returns
the file's name, media type and a title. It runs as the job's owner, in the job's
language. Kinds whose rows come from a page (``list``) are registered by the web
layer when it loads, so this package never imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Built:
    filename: str
    media_type: str
    title: str = ""


Builder = Callable[[Any, IO[bytes], Progress], Built]

_BUILDERS: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    _BUILDERS[kind] = builder


def builder_for(kind: str) -> Builder | None:
    return _BUILDERS.get(kind)
