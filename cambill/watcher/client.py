"""HTTP client for the Flussonic Watcher admin and client APIs (v3).

Billing talks to Watcher to create organizations, users and presets, to move
cameras between presets and to suspend them, and to read per-camera stats for
metering. Those calls run from background jobs against a server billing does
not control, so this client is deliberately defensive:

* It logs in with HTTP Basic, uses the returned JWT as a Bearer token, and on a
  401 refreshes with the refresh token, then falls back to Basic again. Only if
  Watcher rejects the credentials themselves does it raise ``WatcherAuthError``:
  that one needs an operator, not a retry.
* Transient failures (5xx, timeouts, network errors) are retried with
  exponential backoff; once the retries are spent it raises
  ``WatcherUnavailable`` so the job can run again later. Creations (POST of a
  new organization, user or preset) are not replayed after an ambiguous
  failure, because a replay could create a duplicate that someone then pays for.
* Other 4xx replies raise ``WatcherError`` at once: billing sent something
  Watcher refuses, and repeating it would not change the answer.
* Every list is a generator that follows Watcher's cursors, so polling 10,000
  cameras never holds more than one page in memory.

The module is Django-free so it can be used from tests, scripts and workers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote

import httpx
from tenacity import (
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from cambill.core import outbound

from .errors import WatcherAuthError, WatcherError, WatcherUnavailable

__all__ = [
    "ADMIN_API",
    "CLIENT_API",
    "WatcherAuthError",
    "WatcherClient",
    "WatcherError",
    "WatcherUnavailable",
]

logger = logging.getLogger(__name__)

ADMIN_API: Final = "/watcher/admin-api/v3"
CLIENT_API: Final = "/watcher/client-api/v3"

JSONDict = dict[str, Any]
Ident = int | str
FieldList = str | Sequence[str] | None

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

# Upper bound of one backoff sleep: a polling job should give up and reschedule
# rather than sleep for minutes inside one request.
MAX_BACKOFF_SECONDS: Final = 30.0


@dataclass(slots=True)
class _Session:
    """Tokens of one API (admin or client); each API has its own login endpoint."""

    access_token: str
    refresh_token: str | None


class _Retryable(Exception):
    """Internal signal to tenacity: this attempt failed in a way worth repeating."""

    def __init__(
        self,
        reason: str,
        *,
        response: httpx.Response | None = None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.response = response
        self.cause = cause


class WatcherClient:
    """Client of one Watcher installation, shared by the admin and client APIs.

    ``retries`` is the number of repeats after the first attempt (so ``retries=4``
    makes at most 5 attempts); the n-th repeat waits ``backoff * 2**(n-1)``
    seconds. ``transport`` lets tests plug an ``httpx.MockTransport`` in.

    The instance is safe to share between threads: token renewal is serialized so
    a burst of 401s after expiry causes one refresh, not one per thread.
    """

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        timeout: float = 10.0,
        retries: int = 4,
        backoff: float = 0.2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self.base_url = base_url.rstrip("/")
        self.username = username
        self._password = password
        self._retries = retries
        self._backoff = backoff
        self._sessions: dict[str, _Session] = {}
        self._auth_lock = threading.Lock()
        # Only to checked addresses, re-checked at every connection (core.outbound): the
        # address is a cloud admin's to type, and must not reach this server's network.
        self._http = outbound.client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout),
            transport=transport or outbound.OutboundTransport(),
            headers={"Accept": "application/json", "User-Agent": "cambill-watcher-client/1"},
            follow_redirects=False,
        )

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    def __enter__(self) -> WatcherClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"WatcherClient({self.base_url!r}, user={self.username!r})"

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

    # -- authentication ----------------------------------------------------

    def login(self, api: str = ADMIN_API) -> None:
        """Log in with Basic credentials now (normally done lazily on first use).

        Useful to check a cloud's Watcher settings when an operator saves them.
        """
        with self._auth_lock:
            self._sessions[api] = self._basic_login(api)

    def _access_token(self, api: str) -> str:
        session = self._sessions.get(api)
        if session is not None:
            return session.access_token
        with self._auth_lock:
            session = self._sessions.get(api)
            if session is None:
                session = self._basic_login(api)
                self._sessions[api] = session
            return session.access_token

    def _renew(self, api: str, stale_access: str) -> str:
        """Get a new access token after a 401: refresh token first, then Basic.

        If another thread renewed meanwhile, its token is reused instead of
        logging in again.
        """
        with self._auth_lock:
            session = self._sessions.get(api)
            if session is not None and session.access_token != stale_access:
                return session.access_token
            if session is not None and session.refresh_token:
                refreshed = self._refresh_login(api, session.refresh_token)
                if refreshed is not None:
                    self._sessions[api] = refreshed
                    return refreshed.access_token
            session = self._basic_login(api)
            self._sessions[api] = session
            return session.access_token

    def _basic_login(self, api: str) -> _Session:
        url = f"{api}/login"
        response = self._send("POST", url, auth=httpx.BasicAuth(self.username, self._password))
        if response.status_code in (401, 403):
            raise WatcherAuthError(
                response.status_code,
                _body(response),
                f"Watcher rejected the credentials for user {self.username!r} "
                f"at {self.base_url}{url} (HTTP {response.status_code})",
            )
        if response.is_error:
            raise self._error(response, "POST", url)
        logger.debug("Logged in to Watcher %s%s as %s", self.base_url, api, self.username)
        return self._session_from(response, url, previous_refresh=None)

    def _refresh_login(self, api: str, refresh_token: str) -> _Session | None:
        """Exchange the refresh token; ``None`` when Watcher refuses it (any 4xx)."""
        url = f"{api}/login"
        response = self._send("POST", url, headers={"Authorization": f"Bearer {refresh_token}"})
        if 400 <= response.status_code < 500:
            logger.info("Watcher refused the refresh token (HTTP %s)", response.status_code)
            return None
        if response.is_error:
            raise self._error(response, "POST", url)
        return self._session_from(response, url, previous_refresh=refresh_token)

    def _session_from(
        self, response: httpx.Response, url: str, *, previous_refresh: str | None
    ) -> _Session:
        data = _body(response)
        access = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(access, str) or not access:
            raise WatcherError(
                response.status_code, data, f"Watcher login at {url} returned no access_token"
            )
        refresh = data.get("refresh_token") or previous_refresh
        return _Session(access_token=access, refresh_token=refresh)

    # -- requests ------------------------------------------------------------

    def _json(
        self,
        api: str,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool = True,
    ) -> JSONDict:
        """Like ``_request`` but insists on a JSON object reply."""
        data = self._request(api, method, path, params=params, json=json, idempotent=idempotent)
        if not isinstance(data, dict):
            raise WatcherError(None, data, f"Watcher returned no JSON object for {method} {path}")
        return data

    def _request(
        self,
        api: str,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool = True,
    ) -> Any:
        """Send one authenticated API call and return the decoded JSON (``None`` if empty)."""
        url = f"{api}{path}"
        token = self._access_token(api)
        response = self._send(
            method, url, params=params, json=json, bearer=token, idempotent=idempotent
        )
        if response.status_code == 401:
            token = self._renew(api, token)
            response = self._send(
                method, url, params=params, json=json, bearer=token, idempotent=idempotent
            )
            if response.status_code == 401:
                raise WatcherAuthError(
                    401,
                    _body(response),
                    f"Watcher rejected a freshly issued token for user {self.username!r} "
                    f"at {self.base_url}{url}",
                )
        if response.is_error:
            raise self._error(response, method, url)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise WatcherError(
                response.status_code,
                response.text[:500],
                f"Watcher returned invalid JSON for {method} {url}",
            ) from exc

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        bearer: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        """Send one HTTP exchange with retries; return the last non-5xx response."""
        all_headers = dict(headers or {})
        if bearer is not None:
            all_headers["Authorization"] = f"Bearer {bearer}"
        retrying = Retrying(
            stop=stop_after_attempt(self._retries + 1),
            wait=wait_exponential(multiplier=self._backoff, max=MAX_BACKOFF_SECONDS),
            retry=retry_if_exception_type(_Retryable),
            before_sleep=self._log_retry,
            reraise=False,
        )
        try:
            return retrying(
                self._send_once,
                method,
                url,
                params=params,
                json=json,
                headers=all_headers,
                auth=auth,
                idempotent=idempotent,
            )
        except RetryError as exc:
            last = exc.last_attempt.exception()
            attempts = exc.last_attempt.attempt_number
            if isinstance(last, _Retryable):
                raise self._unavailable(method, url, last, attempts) from (last.cause or last)
            raise  # pragma: no cover - tenacity only retries _Retryable

    def _send_once(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        headers: Mapping[str, str],
        auth: httpx.Auth | None,
        idempotent: bool,
    ) -> httpx.Response:
        kwargs: dict[str, Any] = {"params": params, "headers": headers}
        if json is not None:
            kwargs["json"] = json
        if auth is not None:
            kwargs["auth"] = auth
        try:
            response = self._http.request(method, url, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # The request never reached Watcher: safe to repeat even for creations. The
            # words are the same for a refused address, a closed port and a timeout, so
            # the message never maps the network behind this server (core.outbound).
            logger.info("Watcher %s: %s: %s", self.base_url, type(exc).__name__, exc)
            raise _Retryable(outbound.COULD_NOT_CONNECT, cause=exc) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise WatcherUnavailable(None, None, f"Bad Watcher URL {self.base_url}: {exc}") from exc
        except httpx.TransportError as exc:
            # Timed out or dropped after sending: Watcher may have applied it. Details go
            # to the log only: "connection reset" versus "timed out" tells what listens.
            logger.info("Watcher %s: %s: %s", self.base_url, type(exc).__name__, exc)
            reason = "no answer" if isinstance(exc, httpx.TimeoutException) else "no valid answer"
            if not idempotent:
                raise WatcherUnavailable(
                    None,
                    None,
                    f"{method} {self.base_url}{url} failed ({reason}); not repeated because "
                    "Watcher may already have applied it - check before trying again",
                ) from exc
            raise _Retryable(reason, cause=exc) from exc
        if response.status_code >= 500:
            response.read()
            if not idempotent and response.status_code == 504:
                # A gateway timeout does not tell whether Watcher applied the creation.
                raise WatcherUnavailable(
                    504,
                    _body(response),
                    f"{method} {self.base_url}{url} got 504; not repeated because Watcher "
                    "may already have applied it",
                )
            raise _Retryable(f"HTTP {response.status_code}", response=response)
        return response

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        reason = exc.reason if isinstance(exc, _Retryable) else repr(exc)
        sleep = state.next_action.sleep if state.next_action else 0.0
        logger.warning(
            "Watcher %s: attempt %d failed (%s); retrying in %.2fs",
            self.base_url,
            state.attempt_number,
            reason,
            sleep,
        )

    def _unavailable(
        self, method: str, url: str, last: _Retryable, attempts: int
    ) -> WatcherUnavailable:
        status = last.response.status_code if last.response is not None else None
        body = _body(last.response) if last.response is not None else None
        return WatcherUnavailable(
            status,
            body,
            f"Watcher at {self.base_url} is unavailable: {method} {url} failed "
            f"{attempts} time(s), last: {last.reason}",
        )

    def _error(self, response: httpx.Response, method: str, url: str) -> WatcherError:
        body = _body(response)
        error = WatcherError(response.status_code, body)
        error.message = f"Watcher replied {response.status_code} to {method} {url}: {error.message}"
        error.args = (error.message,)
        return error

    # -- paging ----------------------------------------------------------------

    def _paginate(
        self,
        api: str,
        path: str,
        collection: str,
        *,
        limit: int,
        select: FieldList = None,
        sort: FieldList = None,
        filters: Mapping[str, Any] | None = None,
    ) -> Iterator[JSONDict]:
        """Follow ``next`` cursors until null, yielding the items of each page."""
        if limit < 1:
            raise ValueError("limit must be >= 1")
        params: dict[str, Any] = {"limit": limit}
        if select:
            params["select"] = _csv(select)
        if sort:
            params["sort"] = _csv(sort)
        for key, value in (filters or {}).items():
            if value is not None:
                params[key] = _query_value(value)
        return self._pages(api, path, collection, params)

    def _pages(
        self, api: str, path: str, collection: str, params: dict[str, Any]
    ) -> Iterator[JSONDict]:
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            page_params = dict(params)
            if cursor is not None:
                page_params["cursor"] = cursor
            page = self._json(api, "GET", path, params=page_params)
            yield from _page_items(page, collection, path)
            next_cursor = page.get("next")
            if not next_cursor:
                return
            if not isinstance(next_cursor, str) or next_cursor in seen:
                # A server bug must not turn a polling job into an endless loop.
                raise WatcherError(
                    None, page, f"Watcher repeated cursor {next_cursor!r} while listing {path}"
                )
            seen.add(next_cursor)
            cursor = next_cursor


def _page_items(page: JSONDict, collection: str, path: str) -> list[JSONDict]:
    """Return a page's items: ``items``, or the collection-named key Watcher uses."""
    for key in ("items", collection):
        items = page.get(key)
        if isinstance(items, list):
            return items
    lists = [value for value in page.values() if isinstance(value, list)]
    if len(lists) == 1:
        return lists[0]
    raise WatcherError(None, page, f"Watcher list reply for {path} has no items")


def _body(response: httpx.Response) -> Any:
    """Decoded JSON body, or the (truncated) text when it is not JSON."""
    try:
        response.read()
        if not response.content:
            return None
        return response.json()
    except ValueError:
        return response.text[:2000]


def _seg(value: Ident) -> str:
    """Encode one path segment (stream names may contain ``/``)."""
    return quote(str(value), safe="")


def _csv(fields: str | Sequence[str]) -> str:
    return fields if isinstance(fields, str) else ",".join(fields)


def _id_value(value: Ident) -> Ident:
    """Send numeric ids as JSON numbers even when the caller holds them as strings."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set):
        return ",".join(_query_value(v) for v in value)
    return str(value)
