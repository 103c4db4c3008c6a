"""Reading JSON that came from outside: bounded depth, storable text, finite numbers.

Every JSON body the product reads (the API's parser, the Stripe webhook) goes
through :func:`loads`, so one rule holds everywhere:

* at most :data:`MAX_DEPTH` levels of nested arrays/objects (a body nested
  100,000 deep would otherwise exhaust the interpreter's stack);
* no NUL characters and no unpaired surrogates in strings or keys (neither
  can be stored: PostgreSQL refuses NUL in text and JSON, and a lone
  surrogate cannot be encoded as UTF-8);
* numbers are finite (``1e309`` is no JSON a client meant to send).

orjson reads the common case fast; the standard library takes over only for
what orjson refuses but JSON allows (integers beyond 64 bits), with the same
checks applied to its result.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
from django.utils.translation import gettext as _

# Deep enough for every body the API documents (an event's data is a few levels).
MAX_DEPTH = 64


class BadJSON(ValueError):
    """The body is not JSON the product accepts; ``str()`` is the reason."""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return value


def _too_deep(max_depth: int) -> BadJSON:
    return BadJSON(
        _("JSON nested deeper than %(depth)s levels is not accepted.") % {"depth": max_depth}
    )


def bad_text(value: str) -> bool:
    """True for text that cannot be stored: NUL, or a lone surrogate."""
    if "\x00" in value:
        return True
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _unstorable() -> BadJSON:
    # Translated only when raised: ingestion checks every event's data.
    return BadJSON(
        _("The body contains NUL characters or unpaired surrogates, which cannot be stored.")
    )


def check(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`BadJSON` when ``value`` (parsed JSON) is nested deeper than
    ``max_depth`` or holds text that cannot be stored. Iterative: any depth is
    safe to check."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    if isinstance(value, str):
        if bad_text(value):
            raise _unstorable()
        return
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise _too_deep(max_depth)
        items: Any
        if isinstance(node, dict):
            for k in node:
                if bad_text(k):
                    raise _unstorable()
            items = node.values()
        else:
            items = node
        for v in items:
            if isinstance(v, str):
                if bad_text(v):
                    raise _unstorable()
            elif isinstance(v, dict | list):
                stack.append((v, depth + 1))


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``raw`` under the rules of the module docstring; :class:`BadJSON` if not."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth limit" in str(exc):
            raise _too_deep(max_depth) from None
        try:  # integers beyond 64 bits, which orjson refuses
            value = json.loads(raw, parse_constant=_no_constant, parse_float=_finite_float)
        except RecursionError:
            raise _too_deep(max_depth) from None
        except (ValueError, TypeError) as e:
            raise BadJSON(_("JSON parse error - %(error)s") % {"error": e}) from None
    if isinstance(value, dict | list | str):
        check(value, max_depth)
    return value
