"""Template helpers for words a document stored in its own language."""

from __future__ import annotations

from django import template

from cambill.invoicing.labels import printed_label_in

register = template.Library()


@register.filter
def printed_label(text: str | None) -> str:
    """A label the invoice printed in its language (its tax note), read in the
    page's language: the invoice keeps its words, the reader reads theirs."""
    return printed_label_in(text) if text else ""
