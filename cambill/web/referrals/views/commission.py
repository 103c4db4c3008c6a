"""Referral pages: an agent's commission (period picker, statement, downloads),
and staff pages for the programme, the payouts due and recording a payout.

An agent only ever gets its own statement (another agent's code is a 404);
its downline appears there as totals per agent, never as accounts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cambill.accounts.roles import Role
from cambill.core import clock
from cambill.core.errors import ErrorCode, validation
from cambill.core.periods import BadPeriod, Period
from cambill.core.permissions import require
from cambill.referrals.exports import (
    due_payouts_csv,
    statement_csv,
    statement_filename,
    statement_pdf,
    statement_xlsx,
)
from cambill.referrals.selectors import (
    agent_list,
    due_payouts,
    programme_get,
    statement_agent_get,
    statement_for,
)
from cambill.referrals.services import (
    agent_referral_code_rotate,
    payout_record,
    referral_programme_set,
)
from cambill.web.core.pages import CloudFormPage, CloudMixin
from cambill.web.referrals.forms import PayoutForm, ProgrammeForm


def default_period(cloud: Any, now: datetime | None = None) -> str:
    """The last closed month in the cloud's time zone (what a statement is read for)."""
    return Period.containing(now or clock.now(), cloud.timezone).previous().key


def parse_period(raw: str | None, cloud: Any) -> str:
    if not raw:
        return default_period(cloud)
    try:
        return Period.parse(raw, cloud.timezone).key
    except BadPeriod as e:
        raise validation("period", str(e), ErrorCode.BAD_PERIOD) from None


class CommissionView(CloudMixin, TemplateView):
    """The commission statement of one agent for one period.

    An agent lands on its own; staff pick the agent (``?agent=``)."""

    action = "agent.view"
    template_name = "web/referrals/commission.html"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        q = self.request.GET
        self.period = parse_period(q.get("period"), self.cloud)
        self.agents = []
        if self.actor.role == Role.AGENT:
            code = kwargs.get("code") or q.get("agent") or self._own_code()
        else:
            self.agents = list(agent_list(actor=self.actor, cloud=self.cloud))
            code = (
                kwargs.get("code") or q.get("agent") or (self.agents[0].code if self.agents else "")
            )
        self.agent = (
            statement_agent_get(actor=self.actor, cloud=self.cloud, code=code) if code else None
        )

    def _own_code(self) -> str:
        from cambill.referrals.selectors import own_agent_code

        return own_agent_code(actor=self.actor)

    def get_title(self) -> Any:
        if self.agent is None:
            return _("Commission")
        return _("Commission of %(agent)s, %(period)s") % {
            "agent": self.agent.name,
            "period": self.period,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(period=self.period, agents=self.agents, agent=self.agent)
        if self.agent is not None:
            st = statement_for(self.agent, self.period)
            ctx["st"] = st
            base = reverse("web:commission_download", args=[self.cloud.slug, self.agent.code])
            ctx["downloads"] = [
                (fmt.upper(), f"{base}?period={self.period}&format={fmt}")
                for fmt in ("csv", "xlsx", "pdf")
            ]
            if self.actor.can("payout.manage", self.cloud) and st.payout is None:
                ctx["payout_url"] = (
                    reverse("web:payout_record", args=[self.cloud.slug, self.agent.code])
                    + f"?period={self.period}"
                )
        ctx["programme"] = programme_get(actor=self.actor, cloud=self.cloud)
        if self.agent is not None and self._may_share_link():
            ctx["referral"] = {
                "path": reverse("web:join", args=[self.cloud.slug, self.agent.referral_code]),
                # Shown without a scheme: the page carries no absolute URLs
                # (its host is what the agent's browser already shows).
                "host": self.request.get_host(),
                "active": self.agent.active,
                "rotate_url": reverse(
                    "web:referral_code_rotate", args=[self.cloud.slug, self.agent.code]
                ),
            }
        return ctx

    def _may_share_link(self) -> bool:
        """The agent itself, and staff who manage agents (who hand links out)."""
        if self.agent is None:
            return False
        own = self.actor.agent_id is not None and self.actor.agent_id == self.agent.pk
        return own or self.actor.can("agent.manage")

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New account"),
                reverse("web:account_create", args=[self.cloud.slug]),
                "account.create",
            )
            if self.actor.role == Role.AGENT
            else None,
            self.button(
                _("Programme"),
                reverse("web:referral_programme", args=[self.cloud.slug]),
                "agent.manage",
            ),
            self.button(
                _("Payouts due"),
                reverse("web:payouts_due", args=[self.cloud.slug]),
                "invoice.manage",
            )
            if self.actor.can("payout.manage", self.cloud)
            else None,
        ]


class CommissionDownloadView(CloudMixin, TemplateView):
    """The statement as CSV, XLSX or PDF."""

    action = "agent.view"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.agent = statement_agent_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])
        self.period = parse_period(self.request.GET.get("period"), self.cloud)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        st = statement_for(self.agent, self.period)
        fmt = request.GET.get("format", "pdf")
        if fmt == "csv":
            resp = HttpResponse(statement_csv(st), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            resp = HttpResponse(
                statement_xlsx(st),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        elif fmt == "pdf":
            resp = HttpResponse(statement_pdf(st), content_type="application/pdf")
        else:
            raise validation("format", gettext("Use csv, xlsx or pdf."))
        resp["Content-Disposition"] = f'attachment; filename="{statement_filename(st, fmt)}"'
        return resp


class ReferralCodeRotateView(CloudMixin, View):
    """POST: give the agent a new referral code (the old link stops working)."""

    action = "agent.view"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.agent = statement_agent_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        agent_referral_code_rotate(actor=self.actor, agent=self.agent)
        messages.success(request, gettext("New referral link made; the old one no longer works."))
        return HttpResponseRedirect(
            reverse("web:commission_agent", args=[self.cloud.slug, self.agent.code])
        )


class ProgrammeView(CloudFormPage):
    action = "agent.manage"
    title = _("Referral programme")
    form_class = ProgrammeForm
    success_message = _("Programme saved.")
    submit_label = _("Save programme")

    def get_initial(self) -> dict[str, Any]:
        prog = programme_get(actor=self.actor, cloud=self.cloud)
        if prog is None:
            return {"base": "paid", "level_1": 10}
        initial: dict[str, Any] = {
            "base": prog.base,
            "limit_months": prog.limit_months,
            "valid_from": prog.valid_from,
            "valid_to": prog.valid_to,
        }
        for k, v in prog.levels.items():
            initial[f"level_{k}"] = v
        return initial

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return referral_programme_set(
            actor=self.actor,
            cloud=self.cloud,
            levels=form.levels(),
            base=d["base"],
            limit_months=d.get("limit_months"),
            valid_from=d.get("valid_from"),
            valid_to=d.get("valid_to"),
        )

    error_aliases = {"levels": "level_1"}

    def get_success_url(self) -> str:
        return reverse("web:referral_programme", args=[self.cloud.slug])


class PayoutRecordView(CloudFormPage):
    """Staff mark an agent's statement paid."""

    action = "invoice.manage"
    form_class = PayoutForm
    success_message = _("Payout recorded.")
    submit_label = _("Record payout")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "payout.manage", self.cloud)
        self.agent = statement_agent_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])

    def get_title(self) -> Any:
        return _("Record a payout to %(agent)s") % {"agent": self.agent.name}

    def get_initial(self) -> dict[str, Any]:
        return {
            "period": self.request.GET.get("period") or default_period(self.cloud),
            "paid_on": timezone.localdate(),
        }

    def perform(self, form: Any) -> Any:
        self.paid_period = form.cleaned_data["period"]
        return payout_record(actor=self.actor, agent=self.agent, **form.cleaned_data)

    def get_success_url(self) -> str:
        return (
            reverse("web:commission_agent", args=[self.cloud.slug, self.agent.code])
            + f"?period={self.paid_period}"
        )

    def default_cancel_url(self) -> str:
        return reverse("web:commission_agent", args=[self.cloud.slug, self.agent.code])


class PayoutsDueView(CloudMixin, TemplateView):
    """Agents with a balance due through a period; CSV for the bank run."""

    action = "invoice.manage"
    template_name = "web/referrals/payouts_due.html"
    title = _("Payouts due")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "payout.manage", self.cloud)
        self.period = parse_period(self.request.GET.get("period"), self.cloud)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rows = due_payouts(actor=self.actor, cloud=self.cloud, period=self.period)
        if request.GET.get("format") == "csv":
            resp = HttpResponse(due_payouts_csv(rows), content_type="text/csv; charset=utf-8")
            resp["Content-Disposition"] = (
                f'attachment; filename="payouts-due-{self.cloud.slug}-{self.period}.csv"'
            )
            return resp
        self.rows = rows
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["period"] = self.period
        ctx["rows"] = [
            {
                "row": r,
                "statement": reverse("web:commission_agent", args=[self.cloud.slug, r.agent.code])
                + f"?period={self.period}",
                "record": reverse("web:payout_record", args=[self.cloud.slug, r.agent.code])
                + f"?period={self.period}",
            }
            for r in self.rows
        ]
        ctx["csv_url"] = f"{self.request.path}?period={self.period}&format=csv"
        return ctx
