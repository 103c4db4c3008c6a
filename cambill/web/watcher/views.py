"""Pages of the Watcher integration under ``/clouds/<slug>/``: the connection and
its sync status, the push outbox (failed pushes stay visible), the import diff,
and the Flussonic Agent devices waiting for an account.

The connection's password is never rendered: the form's password field is
empty and left blank keeps the stored one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cambill.clouds.selectors import account_get
from cambill.core.errors import DomainError, NotFound
from cambill.core.permissions import require
from cambill.watcher.choices import PushStatus, SuspendMode, SyncStatus
from cambill.watcher.errors import WatcherError
from cambill.watcher.intake import agent_device_attach, agent_device_get, agent_device_list
from cambill.watcher.selectors import (
    connection_get,
    connection_view,
    push_list,
)
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.services.links import OrgAdoption, watcher_orgs_adopt, watcher_orgs_adoptable
from cambill.watcher.services.push import sync_push_process
from cambill.watcher.sync import sync_import_apply, sync_import_plan, sync_poll
from cambill.web.core.pages import CloudFormPage, CloudMixin
from cambill.web.watcher.forms import AdoptForm, AttachForm, ConnectionForm

# The jobs a connection records as its last (``record_sync``), as read on the page.
SYNC_KINDS = {
    "adopt": _("Adoption of organizations"),
    "check": _("Connection check"),
    "import": _("Import"),
    "poll": _("Poll"),
    "push": _("Push"),
    "reconcile": _("Reconciliation"),
}


class WatcherStatusView(CloudMixin, TemplateView):
    """The connection, its last jobs, and the outbox (open pushes first)."""

    template_name = "web/watcher/status.html"
    title = _("Watcher")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "watcher.view", self.cloud)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        conn = connection_get(actor=self.actor, cloud=self.cloud)
        ctx["conn"] = connection_view(conn)
        if ctx["conn"] is not None:
            kind = ctx["conn"]["last_sync_kind"]
            ctx["last_sync_kind"] = SYNC_KINDS.get(kind, kind)
            ctx["last_sync_status"] = SyncStatus(ctx["conn"]["last_sync_status"]).label
        ctx["open_pushes"] = list(
            push_list(actor=self.actor, cloud=self.cloud, status="open")[:100]
        )
        ctx["done_pushes"] = list(
            push_list(actor=self.actor, cloud=self.cloud, status=PushStatus.DONE)[:20]
        )
        try:
            require(self.actor, "watcher.manage", self.cloud)
            ctx["may_manage"] = True
        except DomainError:
            ctx["may_manage"] = False
        if ctx["may_manage"] and conn is not None and conn.enabled:
            ctx["show_adoption"] = True
            ctx.update(self._adoption())
        return ctx

    def _adoption(self) -> dict[str, Any]:
        """The organizations in Watcher no account stands for, each with its adopt form."""
        try:
            found = watcher_orgs_adoptable(actor=self.actor, cloud=self.cloud)
        except (WatcherError, DomainError) as exc:
            return {"adoptable_error": exc.message}
        choices = AdoptForm.account_choices(self.actor, self.cloud)
        return {
            "adoptable": [
                {
                    "org": org,
                    "form": AdoptForm(
                        choices=choices,
                        initial={
                            "organization": org.id,
                            "account": org.account or "",
                            "code": org.suggested_code,
                            "name": org.title,
                        },
                        prefix=f"org{org.id}",
                    ),
                }
                for org in found
            ]
        }


class WatcherRunView(CloudMixin, TemplateView):
    """POST-only buttons: poll now, push now."""

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "watcher.manage", self.cloud)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("web:watcher_status", args=[self.cloud.slug]))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = kwargs["job"]
        try:
            if job == "poll":
                result = sync_poll(cloud=self.cloud)
                messages.success(request, _("Polled %(n)s streams.") % {"n": result.streams})
            elif job == "push":
                pushed = sync_push_process(cloud=self.cloud)
                messages.success(
                    request,
                    _("%(done)s pushes done, %(failed)s failed.")
                    % {"done": pushed.done, "failed": pushed.failed},
                )
            else:
                raise NotFound("job")
        except WatcherError as exc:
            messages.error(request, exc.message)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("web:watcher_status", args=[self.cloud.slug]))


class WatcherAdoptView(CloudMixin, TemplateView):
    """POST-only: adopt one organization from the list on the Watcher page."""

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "watcher.manage", self.cloud)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("web:watcher_status", args=[self.cloud.slug]))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        back = HttpResponseRedirect(reverse("web:watcher_status", args=[self.cloud.slug]))
        prefix = request.POST.get("prefix", "")
        if not prefix.startswith("org") or not prefix[3:].isdigit():
            messages.error(request, _("Choose an organization to adopt."))
            return back
        form = AdoptForm(
            request.POST,
            choices=AdoptForm.account_choices(self.actor, self.cloud),
            prefix=prefix,
        )
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else str(error))
            return back
        data = form.cleaned_data
        try:
            account = None
            if data["account"]:
                account = account_get(actor=self.actor, cloud=self.cloud, code=data["account"])
            result = watcher_orgs_adopt(
                actor=self.actor,
                cloud=self.cloud,
                adoptions=[
                    OrgAdoption(
                        org_id=data["organization"],
                        account=account,
                        code=data.get("code") or "",
                        name=data.get("name") or "",
                    )
                ],
            )
        except (WatcherError, DomainError) as exc:
            messages.error(request, exc.message)
            return back
        for item in result.adopted:
            messages.success(
                request,
                _("Organization %(org)s is now account %(code)s.")
                % {"org": item["organization_id"], "code": item["account"]},
            )
        for item in result.unchanged:
            messages.info(
                request,
                _("Organization %(org)s was linked to account %(code)s already.")
                % {"org": item["organization_id"], "code": item["account"]},
            )
        return back


class WatcherConnectionView(CloudFormPage):
    form_class = ConnectionForm
    title = _("Watcher connection")
    submit_label = _("Save")
    success_message = _("Watcher connection saved.")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "watcher.manage", self.cloud)

    def get_initial(self) -> dict[str, Any]:
        view = connection_view(connection_get(actor=self.actor, cloud=self.cloud))
        if view is None:
            return {"suspend_mode": SuspendMode.DISABLE_STREAMS, "enabled": True}
        return {k: view[k] for k in ("base_url", "username", "suspend_mode", "enabled")}

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        if not data.get("password"):
            data.pop("password")
        return watcher_connection_set(actor=self.actor, cloud=self.cloud, **data)

    def get_success_url(self) -> str:
        return reverse("web:watcher_status", args=[self.cloud.slug])

    def default_cancel_url(self) -> str:
        return self.get_success_url()


class WatcherImportView(CloudMixin, TemplateView):
    """The import diff (GET) and its application (POST, only if the digest still matches)."""

    template_name = "web/watcher/import.html"
    title = _("Import from Watcher")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "watcher.manage", self.cloud)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        try:
            ctx["plan"] = sync_import_plan(actor=self.actor, cloud=self.cloud).as_dict()
        except (WatcherError, DomainError) as exc:
            ctx["error"] = exc.message
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        back = reverse("web:watcher_import", args=[self.cloud.slug])
        try:
            plan = sync_import_plan(actor=self.actor, cloud=self.cloud)
            if request.POST.get("digest") != plan.digest:
                messages.error(request, _("The plan changed meanwhile; review it again."))
                return HttpResponseRedirect(back)
            done = sync_import_apply(actor=self.actor, cloud=self.cloud, plan=plan)
        except (WatcherError, DomainError) as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(back)
        messages.success(
            request,
            _("Imported: %(a)s accounts and %(c)s cameras created, %(u)s cameras updated.")
            % {
                "a": done["accounts_created"],
                "c": done["cameras_created"],
                "u": done["cameras_updated"],
            },
        )
        return HttpResponseRedirect(reverse("web:watcher_status", args=[self.cloud.slug]))


class IntakeListView(CloudMixin, TemplateView):
    """Agent devices waiting for an account (and the recently attached ones)."""

    template_name = "web/watcher/intake.html"
    title = _("Camera intake")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["waiting"] = list(agent_device_list(actor=self.actor, cloud=self.cloud, assigned=False))
        ctx["attached"] = list(
            agent_device_list(actor=self.actor, cloud=self.cloud, assigned=True).order_by(
                "-updated_at"
            )[:50]
        )
        return ctx

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        agent_device_list(actor=self.actor, cloud=self.cloud)  # the permission check


class IntakeAttachView(CloudFormPage):
    form_class = AttachForm
    submit_label = _("Attach")
    success_message = _("Camera created.")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.device = agent_device_get(actor=self.actor, cloud=self.cloud, serial=kwargs["serial"])

    def get_title(self) -> Any:
        return _("Attach device %(serial)s") % {"serial": self.device.serial}

    def get_initial(self) -> dict[str, Any]:
        # The product the intake named for this device, charged when it is attached.
        return {**super().get_initial(), "product": self.device.product}

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        account = account_get(actor=self.actor, cloud=self.cloud, code=data["account"])
        return agent_device_attach(
            actor=self.actor,
            device=self.device,
            account=account,
            code=data.get("code") or None,
            tariff=data.get("tariff") or None,
            at=data.get("at"),
            product=data.get("product") or "",
        )

    def get_success_url(self) -> str:
        return reverse("web:intake_list", args=[self.cloud.slug])

    def default_cancel_url(self) -> str:
        return self.get_success_url()
