"""The cloud switcher of provider staff: search a cloud by name or slug and go to
the same page in it. In the header it is a disclosure with a search field whose
results htmx refreshes as one types; without JavaScript the search is a plain GET
form answered by this page, a list of links."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cambill.clouds.selectors import clouds_in_scope
from cambill.web.core.navigation import clean_suffix
from cambill.web.core.pages import ActorMixin

# At most this many clouds in the header's list (the page paginates the rest).
HEADER_LIMIT = 12
PAGE_SIZE = 50


def cloud_url(slug: str, suffix: str) -> str:
    return reverse("web:cloud_detail", args=[slug]) + suffix


class CloudSwitchView(ActorMixin, TemplateView):
    action = "cloud.view"
    provider_only = True
    template_name = "web/switch/page.html"
    title = _("Switch cloud")

    def matches(self) -> Any:
        q = self.request.GET.get("q", "").strip()
        qs = clouds_in_scope(self.actor).order_by("name", "slug")
        if q:
            qs = qs.filter(Q(slug__icontains=q) | Q(name__icontains=q))
        return q, qs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        q, qs = self.matches()
        suffix = clean_suffix(request.GET.get("to", ""))
        htmx = getattr(request, "htmx", None)
        if q and not (htmx and htmx.target == "cloud-switch-results"):
            # Enter on an exact slug or name, or a search that finds one cloud: go there.
            exact = [c for c in qs[:2] if q.lower() in (c.slug.lower(), (c.name or "").lower())]
            only = list(qs[:2])
            if len(only) == 1 or len(exact) == 1:
                target = exact[0] if len(exact) == 1 else only[0]
                return HttpResponseRedirect(cloud_url(target.slug, suffix))
        return super().get(request, *args, **kwargs)

    def get_template_names(self) -> list[str]:
        htmx = getattr(self.request, "htmx", None)
        if htmx and htmx.target == "cloud-switch-results":
            return ["web/switch/_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.core.paginator import Paginator

        ctx = super().get_context_data(**kwargs)
        q, qs = self.matches()
        suffix = clean_suffix(self.request.GET.get("to", ""))
        htmx = getattr(self.request, "htmx", None)
        size = HEADER_LIMIT if htmx else PAGE_SIZE
        page = Paginator(qs, size).get_page(self.request.GET.get("page"))
        ctx.update(
            q=q,
            to=suffix,
            page=page,
            total=page.paginator.count,
            clouds=[
                {"slug": c.slug, "name": c.name or c.slug, "url": cloud_url(c.slug, suffix)}
                for c in page.object_list
            ],
        )
        return ctx
