"""Referral agents of a cloud: ``/clouds/{slug}/agents/``, and (routes in
``referrals_urls``) the programme, statements, payouts and staff actions.

An agent sees itself and its downline; cloud admins manage the tree (a parent
that would make a cycle is refused with ``cycle``). Statements and payouts of
an agent are for staff and for that agent only: another agent's, even one of
its downline, is a 404; the downline shows as totals in the agent's own.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import mixins, renderers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import (
    ApiViewSet,
    CloudScopedViewSet,
    atomic,
    fake,
    slug_param,
    valid,
)
from cambill.api.core.renderers import CSVRenderer, PDFRenderer, XLSXRenderer
from cambill.clouds.selectors import account_get
from cambill.core import languages
from cambill.core.errors import DomainError, ErrorCode, NotFound, validation
from cambill.core.money import quantum
from cambill.core.periods import BadPeriod, Period
from cambill.referrals.exports import (
    due_payouts_csv,
    statement_csv,
    statement_filename,
    statement_pdf,
    statement_xlsx,
)
from cambill.referrals.selectors import (
    Statement,
    agent_get,
    agent_list,
    agent_none,
    due_payouts,
    payout_list,
    payout_none,
    programme_get,
    statement_agent_get,
    statement_for,
)
from cambill.referrals.services import (
    account_change_agent,
    agent_create,
    agent_deactivate,
    agent_update,
    commission_recompute,
    payout_record,
    referral_programme_set,
)
from cambill.referrals.signup import referral_agent_for_link, referral_signup

from .serializers import (
    AgentChangeIn,
    AgentIn,
    AgentOut,
    AgentPatchIn,
    DuePayoutOut,
    PayoutIn,
    PayoutOut,
    ProgrammeIn,
    ProgrammeOut,
    RecomputeIn,
    SignupIn,
    SignupOut,
    StatementOut,
)


class AgentFilter(filters.FilterSet):
    active = filters.BooleanFilter()
    parent = filters.CharFilter(field_name="parent__code", help_text="Parent agent code")


@extend_schema(parameters=[slug_param()])
class AgentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CloudScopedViewSet):
    """Referral agents: a tree inside one cloud."""

    queryset = agent_none()
    serializer_class = AgentOut
    lookup_field = "code"
    filterset_class = AgentFilter
    search_fields = ["code", "name", "email"]
    ordering_fields = ["code", "name", "created_at"]

    def get_queryset(self) -> Any:
        if fake(self):
            return agent_none()
        return agent_list(actor=self.actor, cloud=self.cloud)

    def get_object(self) -> Any:
        return agent_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])

    @extend_schema(request=AgentIn, responses={201: AgentOut})
    def create(self, request: Request, slug: str) -> Response:
        cloud = self.cloud
        data = valid(AgentIn, request.data)
        with atomic():
            agent = agent_create(
                actor=self.actor, cloud=cloud, code=data.pop("code"), name=data.pop("name"), **data
            )
        return Response(self.out(AgentOut, agent), status=status.HTTP_201_CREATED)

    @extend_schema(request=AgentPatchIn, responses=AgentOut)
    def partial_update(self, request: Request, slug: str, code: str) -> Response:
        agent = self.get_object()
        data = valid(AgentPatchIn, request.data)
        if data:
            with atomic():
                agent = agent_update(actor=self.actor, agent=agent, **data)
        return Response(self.out(AgentOut, agent))


# --- referral programme, statements, payouts (issue 6) ----------------------------


def _period(request: Request, cloud: Any) -> str:
    raw = request.query_params.get("period")
    if not raw:
        raise validation("period", gettext("'period' is required (YYYY-MM)."), ErrorCode.BAD_PERIOD)
    try:
        return Period.parse(raw, cloud.timezone).key
    except BadPeriod as e:
        raise validation("period", str(e), ErrorCode.BAD_PERIOD) from None


def _money(value: Any) -> str:
    return str(value)


def statement_json(st: Statement) -> dict[str, Any]:
    return {
        "agent": st.agent.code,
        "name": st.agent.name,
        "period": st.period,
        "currency": st.currency,
        "accounts": [
            {
                "code": r.code,
                "name": r.name,
                "invoice": r.invoice,
                "cameras": r.cameras,
                "camera_days": str(r.camera_days),
                "invoiced": _money(r.invoiced),
                "paid": _money(r.paid),
                "commission": _money(r.commission),
                "clawbacks": _money(r.clawbacks),
            }
            for r in st.accounts
        ],
        "levels": [
            {
                "level": lv.level,
                "base": _money(lv.base),
                "commission": _money(lv.commission),
                "clawbacks": _money(lv.clawbacks),
            }
            for lv in st.levels
        ],
        "downline": [
            {
                "agent": d.code,
                "name": d.name,
                "level": d.level,
                "base": _money(d.base),
                "commission": _money(d.commission),
                "clawbacks": _money(d.clawbacks),
            }
            for d in st.downline
        ],
        "commission": _money(st.commission),
        "clawbacks": _money(st.clawbacks),
        "net": _money(st.net),
        "carried": _money(st.carried),
        "total_due": _money(st.total_due),
        "payout": None
        if st.payout is None
        else {
            "amount": _money(st.payout.amount.quantize(quantum(st.currency))),
            "reference": st.payout.reference,
            "paid_on": st.payout.paid_on.isoformat(),
        },
        "outstanding": _money(st.outstanding),
        "status": st.status,
    }


@extend_schema(parameters=[slug_param()])
class ReferralProgrammeViewSet(CloudScopedViewSet):
    """The cloud's referral programme: level rates, base event, limits."""

    serializer_class = ProgrammeOut
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(responses=ProgrammeOut)
    def retrieve(self, request: Request, slug: str) -> Response:
        prog = programme_get(actor=self.actor, cloud=self.cloud)
        if prog is None:
            raise NotFound("referral programme")
        return Response(self.out(ProgrammeOut, prog))

    @extend_schema(request=ProgrammeIn, responses=ProgrammeOut)
    def update(self, request: Request, slug: str) -> Response:
        data = valid(ProgrammeIn, request.data)
        with atomic():
            prog = referral_programme_set(actor=self.actor, cloud=self.cloud, **data)
        return Response(self.out(ProgrammeOut, prog))


def _language(request: Request) -> str:
    """The language of a downloaded statement: ``?lang=`` when given, else the
    requesting user's own (an API client has no page language)."""
    lang = request.query_params.get("lang") or getattr(request.user, "language", "") or "en"
    if not languages.is_supported(lang):
        raise validation("lang", languages.use_message())
    return lang


_LANG = OpenApiParameter(
    "lang", str, enum=list(languages.CODES), description="Language of CSV/XLSX/PDF (default: yours)"
)
_FORMAT = OpenApiParameter(
    "format", str, enum=["json", "csv", "xlsx", "pdf"], description="Download format"
)
_PERIOD = OpenApiParameter("period", str, required=True, description="Billing period, YYYY-MM")


@extend_schema(parameters=[slug_param()])
class StatementViewSet(CloudScopedViewSet):
    """An agent's commission statement for one billing period. An agent reads
    only its own; its downline appears as totals per agent."""

    renderer_classes = [renderers.JSONRenderer, CSVRenderer, XLSXRenderer, PDFRenderer]
    serializer_class = StatementOut
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        parameters=[_PERIOD, _FORMAT, _LANG],
        responses={
            (200, "application/json"): StatementOut,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, XLSXRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def list(self, request: Request, slug: str, code: str) -> Any:
        cloud = self.cloud
        agent = statement_agent_get(actor=self.actor, cloud=cloud, code=code)
        st = statement_for(agent, _period(request, cloud))
        fmt = request.query_params.get("format") or "json"
        lang = _language(request)
        if fmt == "csv":
            resp = HttpResponse(
                statement_csv(st, lang).encode(), content_type="text/csv; charset=utf-8"
            )
        elif fmt == "xlsx":
            resp = HttpResponse(statement_xlsx(st, lang), content_type=XLSXRenderer.media_type)
        elif fmt == "pdf":
            resp = HttpResponse(statement_pdf(st, lang), content_type="application/pdf")
        elif fmt == "json":
            return Response(statement_json(st))
        else:
            raise validation("format", gettext("Use json, csv, xlsx or pdf."))
        resp["Content-Disposition"] = f'attachment; filename="{statement_filename(st, fmt)}"'
        return resp


@extend_schema(parameters=[slug_param()])
class PayoutViewSet(mixins.ListModelMixin, CloudScopedViewSet):
    """Payouts of an agent's statements (staff record them; the agent reads its own)."""

    serializer_class = PayoutOut
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        if fake(self):
            return payout_none()
        agent = statement_agent_get(actor=self.actor, cloud=self.cloud, code=self.kwargs["code"])
        return payout_list(actor=self.actor, agent=agent)

    @extend_schema(request=PayoutIn, responses={201: PayoutOut})
    def create(self, request: Request, slug: str, code: str) -> Response:
        cloud = self.cloud
        agent = statement_agent_get(actor=self.actor, cloud=cloud, code=code)
        data = valid(PayoutIn, request.data)
        with atomic():
            payout = payout_record(actor=self.actor, agent=agent, **data)
        return Response(self.out(PayoutOut, payout), status=status.HTTP_201_CREATED)


@extend_schema(parameters=[slug_param()])
class DuePayoutViewSet(CloudScopedViewSet):
    """Agents with a balance due through a period and no payout for it (staff)."""

    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    serializer_class = DuePayoutOut
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        parameters=[_PERIOD, OpenApiParameter("format", str, enum=["json", "csv"])],
        responses={
            (200, "application/json"): DuePayoutOut(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def list(self, request: Request, slug: str) -> Any:
        cloud = self.cloud
        period = _period(request, cloud)
        rows = due_payouts(actor=self.actor, cloud=cloud, period=period)
        if request.query_params.get("format") == "csv":
            resp = HttpResponse(due_payouts_csv(rows).encode(), content_type="text/csv")
            resp["Content-Disposition"] = (
                f'attachment; filename="payouts-due-{cloud.slug}-{period}.csv"'
            )
            return resp
        return Response(
            [
                {
                    "agent": r.agent.code,
                    "name": r.agent.name,
                    "email": r.agent.email,
                    "period": r.period,
                    "currency": r.currency,
                    "amount": str(r.amount),
                }
                for r in rows
            ]
        )


@extend_schema(parameters=[slug_param()])
class ReferralActionViewSet(CloudScopedViewSet):
    """Staff actions: move an account to another agent, deactivate an agent,
    recompute a period's commission."""

    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(request=AgentChangeIn, responses=OpenApiTypes.OBJECT)
    def change_agent(self, request: Request, slug: str, code: str) -> Response:
        account = account_get(actor=self.actor, cloud=self.cloud, code=code)
        data = valid(AgentChangeIn, request.data)
        with atomic():
            account = account_change_agent(actor=self.actor, account=account, **data)
        agent = account.referral_agent
        return Response({"account": account.code, "agent": agent.code if agent else None})

    @extend_schema(request=None, responses=AgentOut)
    def deactivate(self, request: Request, slug: str, code: str) -> Response:
        agent = agent_get(actor=self.actor, cloud=self.cloud, code=code)
        with atomic():
            agent = agent_deactivate(actor=self.actor, agent=agent)
        return Response(self.out(AgentOut, agent))

    @extend_schema(request=RecomputeIn, responses=OpenApiTypes.OBJECT)
    def recompute(self, request: Request, slug: str) -> Response:
        data = valid(RecomputeIn, request.data)
        with atomic():
            entries = commission_recompute(
                actor=self.actor, cloud=self.cloud, period=data["period"]
            )
        return Response({"period": data["period"], "entries": len(entries)})


@extend_schema(parameters=[slug_param()])
class SignupViewSet(ApiViewSet):
    """A prospective subscriber signs up through an agent's referral code: its
    account and owner login are made at once, attributed to the agent. No
    authentication; limited per client address, together with the web page."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(request=SignupIn, responses={201: SignupOut}, auth=[])
    def create(self, request: Request, slug: str) -> Response:
        from cambill.web.referrals.views.signup import signup_limited

        if signup_limited(request._request):
            raise DomainError(
                ErrorCode.THROTTLED,
                gettext("Too many sign-ups from your address; try again later."),
            )
        data = valid(SignupIn, request.data)
        try:
            agent = referral_agent_for_link(
                cloud_slug=slug, referral_code=data.pop("referral_code")
            )
        except NotFound:
            raise validation(
                "referral_code", gettext("Not a valid referral code of this cloud.")
            ) from None
        with atomic():
            result = referral_signup(
                agent=agent, remote_addr=request.META.get("REMOTE_ADDR", ""), **data
            )
        return Response(self.out(SignupOut, result), status=status.HTTP_201_CREATED)


__all__ = [
    "AgentViewSet",
    "DuePayoutViewSet",
    "PayoutViewSet",
    "ReferralActionViewSet",
    "ReferralProgrammeViewSet",
    "SignupViewSet",
    "StatementViewSet",
]
