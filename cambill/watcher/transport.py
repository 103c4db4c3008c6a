"""The transport under the Watcher client: login, retries, errors and paging.

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

The module is Django-free so it can be used from tests, scripts and workers. The
API calls themselves (streams, presets, users, organizations, folders) are in
``client.py``, on ``WatcherClient``, which extends ``WatcherTransport``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Self
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

# The client's logger, as before the transport moved out of ``client.py``.
logger = logging.getLogger("cambill.watcher.client")

ADMIN_API: Final = "/watcher/admin-api/v3"
CLIENT_API: Final = "/watcher/client-api/v3"

JSONDict = dict[str, Any]
Ident = int | str
FieldList = str | Sequence[str] | None

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


class WatcherTransport:
    """How calls reach one Watcher installation (admin and client APIs alike).

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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"WatcherClient({self.base_url!r}, user={self.username!r})"

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
