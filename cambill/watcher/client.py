"""HTTP client for the Flussonic Watcher admin and client APIs (v3).

Billing talks to Watcher to create organizations, users and presets, to move
cameras between presets and to suspend them, and to read per-camera stats for
metering. ``WatcherClient`` holds those API calls, one method each; how a call
travels (Basic login then JWT with refresh, retries with backoff, no replay of
creations after an ambiguous failure, cursors followed one page at a time) is
``transport.py``'s ``WatcherTransport``, which it extends.

The module is Django-free so it can be used from tests, scripts and workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from .errors import WatcherAuthError, WatcherError, WatcherUnavailable
from .transport import (
    ADMIN_API,
    CLIENT_API,
    FieldList,
    Ident,
    JSONDict,
    WatcherTransport,
    _id_value,
    _seg,
)

__all__ = [
    "ADMIN_API",
    "CLIENT_API",
    "WatcherAuthError",
    "WatcherClient",
    "WatcherError",
    "WatcherUnavailable",
]

# What Watcher's multiedit item may carry (StreamConfigMultiedit).
MULTIEDIT_FIELDS: Final = frozenset({"name", "preset_id", "dvr", "layout_rules"})
# Watcher's OrganizationPermissions: the body of PUT /organizations/{id}/users/{uid}.
PERMISSION_FLAGS: Final = frozenset(
    {
        "can_edit_persons_lists",
        "can_edit_streams",
        "can_edit_users",
        "can_view_persons_lists",
        "can_view_stats",
        "can_view_streams",
        "is_member",
    }
)


class WatcherClient(WatcherTransport):
    """Client of one Watcher installation, shared by the admin and client APIs.

    ``retries`` is the number of repeats after the first attempt (so ``retries=4``
    makes at most 5 attempts); the n-th repeat waits ``backoff * 2**(n-1)``
    seconds. ``transport`` lets tests plug an ``httpx.MockTransport`` in.

    The instance is safe to share between threads: token renewal is serialized so
    a burst of 401s after expiry causes one refresh, not one per thread.
    """

    # -- streams (admin API) -----------------------------------------------

    def iter_streams(
        self,
        select: FieldList = None,
        limit: int = 500,
        *,
        sort: FieldList = None,
        filters: Mapping[str, Any] | None = None,
    ) -> Iterator[JSONDict]:
        """Yield every stream (camera), following cursors until the last page.

        ``select`` trims each stream to the named (possibly dotted) fields, which
        keeps the polling of thousands of cameras cheap; ``filters`` are passed
        as query parameters (for example ``{"organization_id": 7}``).
        """
        return self._paginate(
            ADMIN_API, "/streams", "streams", limit=limit, select=select, sort=sort, filters=filters
        )

    def get_stream(self, name: str) -> JSONDict:
        """Return one stream by its unique name."""
        return self._json(ADMIN_API, "GET", f"/streams/{_seg(name)}")

    def update_stream(self, name: str, partial: Mapping[str, Any]) -> JSONDict:
        """Change only the given fields of a stream (Watcher's PUT is a partial update).

        Send ``{"$reset": True, ...}`` to replace the whole configuration instead.
        """
        return self._json(ADMIN_API, "PUT", f"/streams/{_seg(name)}", json=dict(partial))

    def delete_stream(self, name: str) -> None:
        """Delete a stream; its archive goes with it on the Watcher side."""
        self._request(ADMIN_API, "DELETE", f"/streams/{_seg(name)}")

    def multiedit_streams(self, streams: Iterable[Mapping[str, Any]]) -> None:
        """Apply several partial stream updates at once (``POST /streams/multiedit``).

        Watcher's multiedit item carries only ``name``, ``preset_id``, ``dvr`` and
        ``layout_rules``; anything else (``disabled`` in particular) is refused
        here, before it reaches a Watcher that would reject or ignore it.
        Suspension uses one ``PUT /streams/{name}`` per stream instead.
        """
        items = [dict(item) for item in streams]
        for item in items:
            if not item.get("name"):
                raise ValueError("every multiedit item needs the stream 'name'")
            extra = set(item) - MULTIEDIT_FIELDS
            if extra:
                raise ValueError(
                    f"multiedit items carry only {sorted(MULTIEDIT_FIELDS)}; not {sorted(extra)}"
                )
        self._request(ADMIN_API, "POST", "/streams/multiedit", json={"streams": items})

    # -- presets (admin API) -----------------------------------------------

    def iter_presets(
        self,
        organization_id: Ident | None = None,
        *,
        limit: int = 500,
        select: FieldList = None,
        sort: FieldList = None,
    ) -> Iterator[JSONDict]:
        """Yield presets; with ``organization_id`` only those allowed in that organization."""
        filters = {"organization_id": organization_id} if organization_id is not None else None
        return self._paginate(
            ADMIN_API, "/presets", "presets", limit=limit, select=select, sort=sort, filters=filters
        )

    def get_preset(self, preset_id: Ident) -> JSONDict:
        """Return one preset (deleted presets are still readable by id)."""
        return self._json(ADMIN_API, "GET", f"/presets/{_seg(preset_id)}")

    def create_preset(self, data: Mapping[str, Any]) -> JSONDict:
        """Create a preset. Not replayed after an ambiguous failure, to avoid duplicates."""
        return self._json(ADMIN_API, "POST", "/presets", json=dict(data), idempotent=False)

    def update_preset(self, preset_id: Ident, data: Mapping[str, Any]) -> JSONDict:
        """Partially update a preset (for example its archive depth after a tariff change)."""
        return self._json(ADMIN_API, "PUT", f"/presets/{_seg(preset_id)}", json=dict(data))

    def allow_preset_in_organization(self, org_id: Ident, preset_id: Ident) -> JSONDict | None:
        """Let an organization's cameras use a preset (``PUT /organizations/{id}/presets``)."""
        body = {"preset_id": _id_value(preset_id)}
        return self._request(ADMIN_API, "PUT", f"/organizations/{_seg(org_id)}/presets", json=body)

    def disallow_preset_in_organization(self, org_id: Ident, preset_id: Ident) -> None:
        """Withdraw a preset from an organization."""
        path = f"/organizations/{_seg(org_id)}/presets/{_seg(preset_id)}"
        self._request(ADMIN_API, "DELETE", path)

    # -- users (admin API) -------------------------------------------------

    def iter_users(
        self,
        *,
        limit: int = 500,
        select: FieldList = None,
        sort: FieldList = None,
        filters: Mapping[str, Any] | None = None,
    ) -> Iterator[JSONDict]:
        """Yield every user."""
        return self._paginate(
            ADMIN_API,
            "/users",
            "users_list",
            limit=limit,
            select=select,
            sort=sort,
            filters=filters,
        )

    def find_user_id(self, name: str) -> int | None:
        """The id of the user called ``name`` (Watcher's user names are unique), if any.

        Watcher's profile carries no id, so billing finds its own user this way.
        """
        for user in self.iter_users(filters={"name": name}, select=["id", "name"]):
            if user.get("name") == name and isinstance(user.get("id"), int):
                return int(user["id"])
        return None

    def get_user(self, user_id: Ident) -> JSONDict:
        """Return one user."""
        return self._json(ADMIN_API, "GET", f"/users/{_seg(user_id)}")

    def create_user(self, data: Mapping[str, Any]) -> JSONDict:
        """Create a user. Not replayed after an ambiguous failure, to avoid duplicates."""
        return self._json(ADMIN_API, "POST", "/users", json=dict(data), idempotent=False)

    def update_user(self, user_id: Ident, data: Mapping[str, Any]) -> JSONDict:
        """Partially update a user (``disabled: true`` is one way to suspend a subscriber)."""
        return self._json(ADMIN_API, "PUT", f"/users/{_seg(user_id)}", json=dict(data))

    def delete_user(self, user_id: Ident) -> None:
        """Delete a user."""
        self._request(ADMIN_API, "DELETE", f"/users/{_seg(user_id)}")

    # -- organizations (client API) ----------------------------------------

    def iter_organizations(
        self,
        *,
        limit: int = 500,
        select: FieldList = None,
        sort: FieldList = None,
        filters: Mapping[str, Any] | None = None,
    ) -> Iterator[JSONDict]:
        """Yield the organizations the logged-in user is a member of.

        Watcher lists no other organizations, to anybody: an organization
        created before billing is found through its users (``iter_users``)
        and adopted (billing joins it as a member).
        """
        return self._paginate(
            CLIENT_API,
            "/organizations",
            "organizations",
            limit=limit,
            select=select,
            sort=sort,
            filters=filters,
        )

    def get_organization(self, org_id: Ident) -> JSONDict:
        """Return one organization."""
        return self._json(CLIENT_API, "GET", f"/organizations/{_seg(org_id)}")

    def create_organization(self, data: Mapping[str, Any]) -> JSONDict:
        """Create an organization. Not replayed after an ambiguous failure, to avoid duplicates."""
        return self._json(CLIENT_API, "POST", "/organizations", json=dict(data), idempotent=False)

    def update_organization(self, org_id: Ident, data: Mapping[str, Any]) -> JSONDict:
        """Partially update an organization (title, limits)."""
        return self._json(CLIENT_API, "PUT", f"/organizations/{_seg(org_id)}", json=dict(data))

    def delete_organization(self, org_id: Ident) -> None:
        """Delete an organization."""
        self._request(CLIENT_API, "DELETE", f"/organizations/{_seg(org_id)}")

    def iter_organization_users(self, org_id: Ident, *, limit: int = 500) -> Iterator[JSONDict]:
        """Yield the members of an organization with their permissions."""
        return self._paginate(
            CLIENT_API, f"/organizations/{_seg(org_id)}/users", "users", limit=limit
        )

    def set_organization_user(
        self, org_id: Ident, user_id: Ident, permissions: Mapping[str, Any]
    ) -> JSONDict | None:
        """Add a user to an organization or change its permissions there.

        The body is Watcher's flat permission set (``is_member``,
        ``can_view_streams``, ``can_edit_streams``, ``can_edit_users``,
        ``can_view_stats``...), each a boolean; anything else is refused here.
        """
        perms = dict(permissions)
        unknown = set(perms) - PERMISSION_FLAGS
        if unknown:
            raise ValueError(f"unknown organization permissions: {sorted(unknown)}")
        if not all(isinstance(value, bool) for value in perms.values()):
            raise ValueError("organization permissions are booleans")
        path = f"/organizations/{_seg(org_id)}/users/{_seg(user_id)}"
        return self._request(CLIENT_API, "PUT", path, json=perms)

    def remove_organization_user(self, org_id: Ident, user_id: Ident) -> None:
        """Remove a user from an organization."""
        path = f"/organizations/{_seg(org_id)}/users/{_seg(user_id)}"
        self._request(CLIENT_API, "DELETE", path)

    # -- folders (client API) ----------------------------------------------

    def iter_folders(self, org_id: Ident, *, limit: int = 500) -> Iterator[JSONDict]:
        """Yield the camera folders of an organization."""
        return self._paginate(
            CLIENT_API, f"/organizations/{_seg(org_id)}/folders", "folders", limit=limit
        )

    def create_folder(self, org_id: Ident, data: Mapping[str, Any]) -> JSONDict:
        """Create a folder. Not replayed after an ambiguous failure, to avoid duplicates."""
        path = f"/organizations/{_seg(org_id)}/folders"
        return self._json(CLIENT_API, "POST", path, json=dict(data), idempotent=False)

    def delete_folder(self, org_id: Ident, folder_id: Ident) -> None:
        """Delete a folder."""
        self._request(
            CLIENT_API, "DELETE", f"/organizations/{_seg(org_id)}/folders/{_seg(folder_id)}"
        )
