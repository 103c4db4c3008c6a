"""Referral agents of a cloud: ``/clouds/{slug}/agents/``.

An agent sees itself and its downline; cloud admins manage the tree (a parent
that would make a cycle is refused with ``cycle``).
"""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.referrals.models import Agent
from cambill.referrals.selectors import agent_get, agent_list
from cambill.referrals.services import agent_create, agent_update

from .common import (
    CloudScopedViewSet,
    DecimalIn,
    DecimalOut,
    Input,
    Output,
    TimeField,
    atomic,
    code_field,
    fake,
    slug_param,
    valid,
)


class AgentOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    # (DRF pops declared fields off the class, so "parent" does not shadow Field.parent.)
    parent = serializers.CharField(source="parent.code", allow_null=True)  # type: ignore[assignment]
    rate_percent = DecimalOut(allow_null=True, help_text="Overrides the level-1 rate when set")
    active = serializers.BooleanField()
    user = serializers.CharField(source="user.username", allow_null=True, help_text="Login, if any")
    created_at = TimeField()


class AgentPatchIn(Input):
    hints = {
        "code": "The code of an agent cannot change.",
        "user": "An agent's login is made with POST /api/v1/users/ (role agent).",
    }

    name = serializers.CharField(required=False)
    email = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_null=True, help_text="Parent agent code"
    )
    rate_percent = DecimalIn(required=False, allow_null=True)
    active = serializers.BooleanField(required=False)


class AgentIn(AgentPatchIn):
    hints = {"user": AgentPatchIn.hints["user"]}

    code = code_field(max_length=64)
    name = serializers.CharField()


class AgentFilter(filters.FilterSet):
    active = filters.BooleanFilter()
    parent = filters.CharFilter(field_name="parent__code", help_text="Parent agent code")

    class Meta:
        model = Agent
        fields = ["active", "parent"]


@extend_schema(parameters=[slug_param()])
class AgentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CloudScopedViewSet):
    """Referral agents: a tree inside one cloud."""

    queryset = Agent.objects.none()
    serializer_class = AgentOut
    lookup_field = "code"
    filterset_class = AgentFilter
    search_fields = ["code", "name", "email"]
    ordering_fields = ["code", "name", "created_at"]

    def get_queryset(self) -> Any:
        if fake(self):
            return Agent.objects.none()
        return agent_list(actor=self.actor, cloud=self.cloud)

    def get_object(self) -> Agent:
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
