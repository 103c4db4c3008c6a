"""A paid agent's statement is mailed with its PDF (issue #13, point 2)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.referrals.test_services import _march


def test_a_paid_statement_is_mailed_to_the_agent(world, smtp, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from cambill.referrals.services import agent_update, payout_record

    t, c = _march(world)
    a1 = agent_update(actor=world.actor("cadmin"), agent=c["agent1"], email="a1@agents.test")
    with django_capture_on_commit_callbacks(execute=True):
        payout_record(
            actor=world.actor("caccountant"),
            agent=a1,
            period="2026-03",
            reference="TR-1",
            paid_on="2026-04-10",
        )
    (got,) = smtp.received
    assert got.rcpt_tos == ["a1@agents.test"]
    assert got.message["Subject"] == "Your commission statement for March 2026"
    (pdf,) = [p for p in got.message.iter_attachments()]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert "2026-03" in text and "0.30" in text
    assert t.pk == a1.cloud_id
