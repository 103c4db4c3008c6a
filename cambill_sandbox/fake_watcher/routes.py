"""The Watcher API paths the fake serves (after the version prefix), per API and HTTP method."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from werkzeug.routing import Map, Rule

from .http import Handler, _Call
from .state import (
    JSON,
    FakeHTTPError,
    FakeWatcherState,
)

if TYPE_CHECKING:
    from .fake import FakeWatcher

logger = logging.getLogger(__name__)


def _routing_map(table: list[tuple[str, dict[str, Handler]]]) -> Map:
    """One werkzeug rule per path and method, the handler as its endpoint.

    A path that matches but not for the method is a 405, unless another rule takes the
    method: ``GET /streams/multiedit`` is the stream named "multiedit".
    """
    return Map(
        [
            Rule(path, endpoint=handler, methods=[method])
            for path, handlers in table
            for method, handler in handlers.items()
        ],
        merge_slashes=False,  # no redirects: a fake answers what it is asked
    )


def _build_routes(fake: FakeWatcher) -> dict[str, Map]:
    """Map API paths (after the version prefix) to handlers, per API and HTTP method.

    Only what Flussonic's own API definitions (watcher-admin, watcher-client)
    have is served, each operation under the API that has it: the admin API has
    no organization list and no organization objects, only the presets allowed
    in one; there is no ``DELETE /presets/{id}``. A path of the other API is a 404.
    """
    s = fake.state

    def ok(payload: Any) -> tuple[int, Any]:
        return 200, payload

    def done(action: Callable[[], None]) -> tuple[int, Any]:
        action()
        return 204, None

    def pid(call: _Call, key: str) -> int:
        return int(call.params[key])  # the rule's int converter took only digits

    def org(call: _Call) -> int:
        """The path's organization, if the caller may reach it (member or admin)."""
        org_id = pid(call, "org")
        s.check_org_access(org_id, call.user)
        return org_id

    def probe(call: _Call) -> tuple[int, Any]:
        return ok({"now": int(s.now() * 1000), "server_version": "fake", "started_at": 0})

    def multiedit(call: _Call) -> tuple[int, Any]:
        s.multiedit_streams(call.body)
        return ok({})

    def my_orgs(call: _Call) -> tuple[int, Any]:
        return ok(s.list_page("organizations", call.query, scope=(call.user or {}).get("id")))

    def user_orgs(call: _Call) -> tuple[int, Any]:
        uid = pid(call, "uid")
        if (call.user or {}).get("access_level") != "admin" and uid != (call.user or {}).get("id"):
            raise FakeHTTPError(403, "forbidden", "only administrators see other users")
        s.get_user(uid)
        return ok(s.list_page("organizations", call.query, scope=uid))

    stream = {
        "GET": lambda c: ok(s.get_stream(c.params["name"])),
        "PUT": lambda c: ok(s.save_stream(c.params["name"], c.body)),
        "DELETE": lambda c: done(lambda: s.delete_stream(c.params["name"])),
    }
    org_presets = {"PUT": lambda c: ok(s.allow_preset(org(c), c.body))}
    org_preset = {"DELETE": lambda c: done(lambda: s.disallow_preset(org(c), pid(c, "preset")))}
    users = {
        "GET": lambda c: ok(s.list_page("users", c.query)),
        "POST": lambda c: ok(s.create_user(c.body)),
    }
    user = {
        "GET": lambda c: ok(s.get_user(pid(c, "uid"))),
        "PUT": lambda c: ok(s.update_user(pid(c, "uid"), c.body)),
        "DELETE": lambda c: done(lambda: s.delete_user(pid(c, "uid"))),
    }
    admin: list[tuple[str, dict[str, Handler]]] = [
        ("/login", {"POST": fake._login}),
        ("/monitoring/<any(liveness, readiness):probe>", {"GET": probe}),
        ("/streams", {"GET": lambda c: ok(s.list_page("streams", c.query))}),
        ("/streams/multiedit", {"POST": multiedit}),
        ("/streams/<path:name>", stream),
        (
            "/presets",
            {
                "GET": lambda c: ok(s.list_page("presets", c.query)),
                "POST": lambda c: ok(s.create_preset(c.body)),
            },
        ),
        (
            "/presets/<int:id>",
            {
                "GET": lambda c: ok(s.get_preset(pid(c, "id"))),
                "PUT": lambda c: ok(s.update_preset(pid(c, "id"), c.body)),
            },
        ),
        ("/organizations/<int:org>/presets", org_presets),
        ("/organizations/<int:org>/presets/<int:preset>", org_preset),
        ("/users", users),
        ("/users/<int:uid>", user),
    ]
    client: list[tuple[str, dict[str, Handler]]] = [
        ("/login", {"POST": fake._login}),
        ("/streams", {"GET": lambda c: ok(s.list_page("streams", c.query))}),
        ("/streams/multiedit", {"POST": multiedit}),
        ("/streams/<path:name>", stream),
        ("/presets", {"GET": lambda c: ok(s.list_page("presets", c.query))}),
        ("/presets/<int:id>", {"GET": lambda c: ok(s.get_preset(pid(c, "id")))}),
        (
            "/organizations",
            {
                "GET": my_orgs,
                "POST": lambda c: ok(s.create_organization(c.body, (c.user or {}).get("id"))),
            },
        ),
        (
            "/organizations/<int:org>",
            {
                "GET": lambda c: ok(s.get_organization(org(c))),
                "PUT": lambda c: ok(s.update_organization(org(c), c.body)),
                "DELETE": lambda c: done(lambda: s.delete_organization(org(c))),
            },
        ),
        ("/organizations/<int:org>/presets", org_presets),
        ("/organizations/<int:org>/presets/<int:preset>", org_preset),
        (
            "/organizations/<int:org>/users",
            {"GET": lambda c: ok(_org_users_page(s, org(c), c.query))},
        ),
        (
            "/organizations/<int:org>/users/<int:uid>",
            {
                "GET": lambda c: ok(s.get_org_user(org(c), pid(c, "uid"))),
                "PUT": lambda c: ok(s.set_org_user(org(c), pid(c, "uid"), c.body)),
                "DELETE": lambda c: done(lambda: s.remove_org_user(org(c), pid(c, "uid"))),
            },
        ),
        (
            "/organizations/<int:org>/folders",
            {
                "GET": lambda c: ok(_folders_page(s, org(c), c.query)),
                "POST": lambda c: ok(s.create_folder(org(c), c.body)),
            },
        ),
        (
            "/organizations/<int:org>/folders/<int:fid>",
            {
                "GET": lambda c: ok(s.get_folder(org(c), pid(c, "fid"))),
                "PUT": lambda c: ok(s.update_folder(org(c), pid(c, "fid"), c.body)),
                "DELETE": lambda c: done(lambda: s.delete_folder(org(c), pid(c, "fid"))),
            },
        ),
        ("/users", users),
        ("/users/<int:uid>", user),
        ("/users/<int:uid>/organization", {"GET": user_orgs}),
    ]
    return {"admin": _routing_map(admin), "client": _routing_map(client)}


def _org_users_page(state: FakeWatcherState, org_id: int, query: Mapping[str, str]) -> JSON:
    state.get_organization(org_id)  # 404 for an unknown organization
    return state.list_page("org_users", query, scope=org_id)


def _folders_page(state: FakeWatcherState, org_id: int, query: Mapping[str, str]) -> JSON:
    state.get_organization(org_id)
    return state.list_page("folders", query, scope=org_id)
