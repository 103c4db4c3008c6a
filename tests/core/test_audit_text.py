"""The audit log reads as sentences (issue #14, point 4): one translatable sentence
per verb the code writes, with the person by name."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from cambill.core.audit_text import FALLBACK, SENTENCES, audit_sentence

ROOT = Path(__file__).resolve().parents[2] / "cambill"

# ``verb="invoice_issue"`` in a call to audit() / audit_many() / audit_user(), and a
# keyword's default (``verb: str = "camera_change_tariff"``).
LITERAL = re.compile(r"""\bverb(?:\s*:\s*str)?\s*=\s*["']([A-Za-z_.]+)["']""")
# Helpers that take the verb as their second positional argument.
POSITIONAL = re.compile(r"""\b_audit\w*\(\s*\w+,\s*["']([A-Za-z_.]+)["']""")
# Dunning events are audited as ``dunning_<kind>``.
DUNNING = re.compile(r"""\b_record\(\s*account,\s*["']([a-z_]+)["']""")


def verbs_in_code() -> set[str]:
    verbs: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        verbs |= set(LITERAL.findall(text)) | set(POSITIONAL.findall(text))
        if path.parent.name == "payments" or path.parent.parent.name == "payments":
            verbs |= {f"dunning_{kind}" for kind in DUNNING.findall(text)}
    return verbs


def test_the_walk_finds_the_verbs_it_should() -> None:
    found = verbs_in_code()
    # One of each way a verb is written: a literal, a default, a helper's argument, dunning.
    assert {"invoice_issue", "camera_change_tariff", "cloud_legal_update"} <= found
    assert {"dunning_reminder", "dunning_suspended", "dunning_retry", "dunning_resumed"} <= found
    assert len(found) > 100


def test_every_verb_the_code_writes_has_a_sentence() -> None:
    missing = sorted(verbs_in_code() - set(SENTENCES))
    assert missing == [], f"add a sentence to cambill/core/audit_text.py for: {missing}"


def test_every_sentence_names_who_and_what_with_named_placeholders() -> None:
    for verb, sentence in SENTENCES.items():
        text = str(sentence)
        assert set(re.findall(r"%\((\w+)\)s", text)) == {"actor", "object"}, verb
        assert text.startswith("%(actor)s "), verb
        # Nothing positional a translator could not reorder.
        assert not re.search(r"%[sd]", text), verb


def entry(verb: str, **kw: Any) -> Any:
    user = kw.pop("user", None)
    return SimpleNamespace(
        verb=verb,
        actor=user,
        actor_id=getattr(user, "pk", None),
        actor_repr=kw.pop("actor_repr", getattr(user, "username", "system")),
        object_repr=kw.pop("object_repr", "TELENET-2026-000190"),
    )


def test_a_sentence_names_the_person_and_falls_back_to_the_login() -> None:
    maria = SimpleNamespace(pk=7, username="telenet-am1", first_name="María", last_name="López")
    assert audit_sentence(entry("invoice_issue", user=maria)) == (
        "María López issued invoice TELENET-2026-000190"
    )
    nameless = SimpleNamespace(pk=8, username="telenet-am2", first_name="", last_name=" ")
    assert audit_sentence(entry("invoice_void", user=nameless)) == (
        "telenet-am2 voided invoice TELENET-2026-000190"
    )
    # A deleted user: the name the row kept; the machine: "System".
    assert audit_sentence(entry("invoice_issue", actor_repr="old-login")).startswith("old-login ")
    assert audit_sentence(entry("bill_run_execute", object_repr="telenet 2026-03 completed")) == (
        "System ran bill run telenet 2026-03 completed"
    )


def test_an_unknown_verb_still_reads() -> None:
    text = audit_sentence(entry("future_verb", actor_repr="ana"))
    assert text == str(FALLBACK) % {
        "actor": "ana",
        "verb": "future verb",
        "object": "TELENET-2026-000190",
    }


@pytest.mark.parametrize("lang", ["es", "pt-br"])
def test_sentences_follow_the_active_language(lang: str) -> None:
    """Where the catalogue has the sentence, the row reads in the reader's language
    (the catalogues are filled by translators; an untranslated one reads in English)."""
    from django.utils.translation import gettext

    maria = SimpleNamespace(pk=7, username="telenet-am1", first_name="María", last_name="López")
    with translation.override(lang):
        expected = gettext("%(actor)s issued invoice %(object)s") % {
            "actor": "María López",
            "object": "TELENET-2026-000190",
        }
        assert audit_sentence(entry("invoice_issue", user=maria)) == expected
