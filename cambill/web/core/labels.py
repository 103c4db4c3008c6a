"""Labels shown in the user's language when a page is rendered.

The choices of the domain models and roles carry ``gettext_lazy`` labels (the
catalogue holds them); ``tr`` renders such a label, or looks up a plain English
source string, in the active language, and ``tr_choices`` keeps a form's
choices lazy so they follow the language of each request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext


def tr(label: Any) -> str:
    """The label in the active language (unchanged when it has no translation)."""
    if label is None or label == "":
        return ""
    if isinstance(label, Promise):
        return str(label)  # already a translation in the active language
    return gettext(str(label))


tr_lazy = lazy(tr, str)


def tr_choices(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Choices whose labels are translated when the form is rendered."""
    return [(value, tr_lazy(label)) for value, label in choices]
