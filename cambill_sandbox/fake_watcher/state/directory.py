"""Organizations, users, memberships with their permissions, and folders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import StateBase
from .common import (
    JSON,
    PERMISSION_FLAGS,
    _bad,
    _copy,
    _merge,
    _not_found,
    _prune,
)


class DirectoryMixin(StateBase):
    """Organizations, users, memberships and folders."""

    # -- organizations ----------------------------------------------------------

    def _new_org(self, body: JSON, owner_id: int, ident: int | None = None) -> JSON:
        org: JSON = {"title": None, "is_default": False, "limits": {"streams": None, "users": None}}
        for key in ("id", "stats", "owner", "created_at", "user_permissions"):
            body.pop(key, None)
        org = _merge(org, body)
        if not isinstance(org.get("title"), str) or not org["title"].strip():
            raise _bad("organization title is required")
        org = {"id": ident if ident is not None else next(self._ids["org"]), **org}
        org["owner_id"] = owner_id
        org["created_at"] = self._ms()
        self.organizations[org["id"]] = org
        self.org_presets[org["id"]] = set()
        # Whoever creates an organization owns it and is its member: that is how
        # it shows up in the creator's (member-only) organization list.
        self.memberships[org["id"]] = {owner_id: _owner_permissions()}
        self._touch()
        return org

    def create_organization(self, body: Any, owner_id: int | None = None) -> JSON:
        with self.lock:
            if not isinstance(body, dict):
                raise _bad("organization body must be a JSON object")
            owner = owner_id if owner_id is not None else self.admin_id
            org = self._new_org(dict(body), owner)
            return self.render_org(org["id"])

    def get_organization(self, org_id: int) -> JSON:
        with self.lock:
            self._org(org_id)
            return self.render_org(org_id)

    def update_organization(self, org_id: int, body: Any) -> JSON:
        with self.lock:
            current = self._org(org_id)
            if not isinstance(body, dict):
                raise _bad("organization body must be a JSON object")
            body = {
                k: v
                for k, v in body.items()
                if k not in ("id", "stats", "owner", "created_at", "user_permissions")
            }
            updated = _merge(current, body)
            if not isinstance(updated.get("title"), str) or not updated["title"].strip():
                raise _bad("organization title is required")
            self.organizations[org_id] = updated
            self._touch()
            return self.render_org(org_id)

    def delete_organization(self, org_id: int) -> None:
        """Refuse while cameras remain, so nothing is deleted that billing still counts."""
        with self.lock:
            org = self._org(org_id)
            if org.get("is_default"):
                raise _bad("the default organization cannot be deleted")
            remaining = sum(1 for cfg in self.streams.values() if cfg["organization_id"] == org_id)
            if remaining:
                raise _bad(f"organization {org_id} still has {remaining} stream(s)", "conflict")
            del self.organizations[org_id]
            self.org_presets.pop(org_id, None)
            self.memberships.pop(org_id, None)
            for fid in [fid for fid, f in self.folders.items() if f["organization_id"] == org_id]:
                del self.folders[fid]
            self._touch()

    def render_org(self, org_id: int) -> JSON:
        org = self.organizations[org_id]
        out = _copy(org)
        owner = self.users.get(out.pop("owner_id"))
        out["owner"] = {"id": owner["id"], "name": owner["name"]} if owner else None
        out["stats"] = {
            "streams": self._org_stream_counts().get(org_id, 0),
            "users": len(self.memberships.get(org_id, {})),
            "mosaics": 0,
        }
        return _prune(out)

    def check_org_access(self, org_id: int, user: Mapping[str, Any] | None) -> None:
        """An organization is reachable by id for its members and for administrators;
        to anybody else it does not exist (404, as Watcher answers)."""
        with self.lock:
            self._org(org_id)
            if user is None or user.get("access_level") == "admin":
                return
            if user.get("id") not in self.memberships.get(org_id, {}):
                raise _not_found(f"organization {org_id}")

    def _org(self, org_id: int) -> JSON:
        org = self.organizations.get(org_id)
        if org is None:
            raise _not_found(f"organization {org_id}")
        return org

    # -- users and memberships ------------------------------------------------

    def create_user(self, body: Any) -> JSON:
        with self.lock:
            if not isinstance(body, dict):
                raise _bad("user body must be a JSON object")
            body = dict(body)
            password = body.pop("password", None)
            orgs = body.pop("organizations", None)
            for key in ("id", "created_at"):
                body.pop(key, None)
            user: JSON = {
                "name": None,
                "email": None,
                "fullname": None,
                "disabled": False,
                "access_level": "generic",
                "readonly": False,
                "max_sessions": None,
            }
            user = _merge(user, body)
            self._check_user(user, None)
            memberships = self._parse_user_orgs(orgs) if orgs is not None else {}
            user = {"id": next(self._ids["user"]), **user, "created_at": self._ms()}
            self.users[user["id"]] = user
            if password is not None:
                self.passwords[user["id"]] = str(password)
            for org_id, perms in memberships.items():
                self.memberships[org_id][user["id"]] = perms
            self._touch()
            return self.render_user(user["id"])

    def get_user(self, user_id: int) -> JSON:
        with self.lock:
            self._user(user_id)
            return self.render_user(user_id)

    def update_user(self, user_id: int, body: Any) -> JSON:
        with self.lock:
            current = self._user(user_id)
            if not isinstance(body, dict):
                raise _bad("user body must be a JSON object")
            body = {k: v for k, v in body.items() if k not in ("id", "created_at")}
            password = body.pop("password", None)
            orgs = body.pop("organizations", None)
            updated = _merge(current, body)
            self._check_user(updated, user_id)
            memberships = self._parse_user_orgs(orgs) if orgs is not None else None
            self.users[user_id] = updated
            if password is not None:
                self.passwords[user_id] = str(password)
            if memberships is not None:
                for members in self.memberships.values():
                    members.pop(user_id, None)
                for org_id, perms in memberships.items():
                    self.memberships[org_id][user_id] = perms
            self._touch()
            return self.render_user(user_id)

    def delete_user(self, user_id: int) -> None:
        with self.lock:
            self._user(user_id)
            if user_id == self.admin_id:
                raise _bad("the built-in administrator cannot be deleted")
            del self.users[user_id]
            self.passwords.pop(user_id, None)
            for members in self.memberships.values():
                members.pop(user_id, None)
            for org in self.organizations.values():
                if org["owner_id"] == user_id:
                    org["owner_id"] = self.admin_id
            self._touch()

    def set_org_user(self, org_id: int, user_id: int, body: Any) -> JSON:
        with self.lock:
            self._org(org_id)
            self._user(user_id)
            self.memberships[org_id][user_id] = _parse_permissions(body)
            self._touch()
            return self.render_org_user(org_id, user_id)

    def get_org_user(self, org_id: int, user_id: int) -> JSON:
        with self.lock:
            self._org(org_id)
            if user_id not in self.memberships[org_id]:
                raise _not_found(f"user {user_id} in organization {org_id}")
            return self.render_org_user(org_id, user_id)

    def remove_org_user(self, org_id: int, user_id: int) -> None:
        with self.lock:
            self._org(org_id)
            if self.memberships[org_id].pop(user_id, None) is None:
                raise _not_found(f"user {user_id} in organization {org_id}")
            self._touch()

    def render_user(self, user_id: int) -> JSON:
        out = _copy(self.users[user_id])
        orgs = []
        for org_id, members in sorted(self.memberships.items()):
            if user_id in members:
                org = self.organizations[org_id]
                owner = self.users.get(org["owner_id"])
                orgs.append(
                    {
                        "id": org_id,
                        "title": org["title"],
                        "owner": {"id": owner["id"], "name": owner["name"]} if owner else None,
                        "permissions": dict(members[user_id]),
                    }
                )
        out["organizations"] = orgs
        return _prune(out)

    def render_org_user(self, org_id: int, user_id: int) -> JSON:
        user = self.users[user_id]
        return _prune(
            {
                "id": user_id,
                "name": user["name"],
                "email": user.get("email"),
                "permissions": {
                    "organization": dict(self.memberships[org_id][user_id]),
                    "folders": [],
                },
            }
        )

    def _check_user(self, user: JSON, user_id: int | None) -> None:
        name = user.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _bad("user name is required")
        if any(u["name"] == name and u["id"] != user_id for u in self.users.values()):
            raise _bad(f"user name {name!r} is taken", "already_exists")
        if user.get("access_level") not in ("generic", "admin"):
            raise _bad("access_level must be generic or admin")
        if not isinstance(user.get("disabled"), bool):
            raise _bad("disabled must be a boolean")

    def _parse_user_orgs(self, orgs: Any) -> dict[int, JSON]:
        if not isinstance(orgs, list):
            raise _bad("organizations must be a list")
        result: dict[int, JSON] = {}
        for entry in orgs:
            org_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(org_id, int) or org_id not in self.organizations:
                raise _bad(f"organization {org_id!r} does not exist")
            result[org_id] = _parse_permissions(entry.get("permissions") or {})
        return result

    def _user(self, user_id: int) -> JSON:
        user = self.users.get(user_id)
        if user is None:
            raise _not_found(f"user {user_id}")
        return user

    # -- folders ----------------------------------------------------------------

    def create_folder(self, org_id: int, body: Any) -> JSON:
        with self.lock:
            self._org(org_id)
            if not isinstance(body, dict) or not isinstance(body.get("title"), str):
                raise _bad("folder title is required")
            parent = body.get("parent_id")
            if parent is not None and self.folders.get(parent, {}).get("organization_id") != org_id:
                raise _bad(f"parent folder {parent!r} does not exist")
            folder = {
                "id": next(self._ids["folder"]),
                "title": body["title"],
                "organization_id": org_id,
                "parent_id": parent,
            }
            self.folders[folder["id"]] = folder
            self._touch()
            return _prune(folder)

    def get_folder(self, org_id: int, folder_id: int) -> JSON:
        with self.lock:
            return _prune(self._folder(org_id, folder_id))

    def update_folder(self, org_id: int, folder_id: int, body: Any) -> JSON:
        with self.lock:
            folder = self._folder(org_id, folder_id)
            if not isinstance(body, dict):
                raise _bad("folder body must be a JSON object")
            if "title" in body:
                if not isinstance(body["title"], str):
                    raise _bad("folder title must be a string")
                folder["title"] = body["title"]
            self._touch()
            return _prune(folder)

    def delete_folder(self, org_id: int, folder_id: int) -> None:
        with self.lock:
            self._folder(org_id, folder_id)
            del self.folders[folder_id]
            for cfg in self.streams.values():
                if cfg.get("folder_id") == folder_id:
                    cfg["folder_id"] = None
            self._touch()

    def _folder(self, org_id: int, folder_id: int) -> JSON:
        folder = self.folders.get(folder_id)
        if folder is None or folder["organization_id"] != org_id:
            raise _not_found(f"folder {folder_id} in organization {org_id}")
        return folder


def _parse_permissions(body: Any) -> JSON:
    """Watcher's ``OrganizationPermissions``: the flat flags, each a boolean.

    Anything else (the ``{"organization": {...}}`` wrapper of a membership
    reply, unknown flags) is refused, as a body Watcher does not take.
    """
    if not isinstance(body, dict):
        raise _bad("permissions must be a JSON object")
    perms = {flag: False for flag in PERMISSION_FLAGS}
    perms.update({"is_member": True, "can_view_streams": True})
    for key, value in body.items():
        if key not in PERMISSION_FLAGS:
            raise _bad(f"unknown permission {key!r}", "invalid_field")
        if not isinstance(value, bool):
            raise _bad(f"permission {key} must be a boolean")
        perms[key] = value
    return perms


def _owner_permissions() -> JSON:
    return {flag: True for flag in PERMISSION_FLAGS}
