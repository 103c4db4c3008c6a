"""Outbound HTTP that a tenant can aim: webhook deliveries and the Watcher client.

A cloud admin types these URLs, so without care the server becomes their probe
into its own network (server-side request forgery): it would post credentials to
a listener on 127.0.0.1, read the cloud metadata service, or tell open ports
from closed ones by the error it reports. So:

* a URL is checked when it is saved (:func:`check_url`): http or https only, a
  host, no user:password@, no CR/LF or other control characters or spaces, and not
  a literal address that is refused below;
* every connection resolves the host itself (``getaddrinfo``) and checks **every**
  address it gets: loopback, private, link-local, multicast, reserved, unspecified,
  shared (100.64/10), the metadata addresses (169.254.169.254, fd00:ec2::254) and
  IPv4-mapped or -translated IPv6 forms of these are refused, unless the setting
  ``CAMBILL_OUTBOUND_ALLOW`` lists the address (a CIDR) or the host name;
* the connection then goes to the very address that was checked (no second
  lookup, so no DNS rebinding between check and connect), while the Host header,
  TLS SNI and certificate verification keep the URL's host name (httpcore does
  TLS on the stream with the request's host);
* the check is in the transport, so a redirect, if a caller ever follows one, is
  checked the same way;
* a refusal, and any failure to connect, reads "could not connect" with no
  errno, port or reason that would tell an open port from a closed one.

``CAMBILL_OUTBOUND_ALLOW`` is empty in production; development, the demo and the
tests allow 127.0.0.1 and ::1, where the fake Watcher and test receivers listen.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

COULD_NOT_CONNECT = "could not connect"
METADATA = (
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack...
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
)
# Ranges that the ``is_*`` flags do not all cover, on every Python version.
EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network"
        "100.64.0.0/10",  # carrier-grade NAT, shared address space
        "192.0.0.0/24",  # IETF protocol assignments
        "198.18.0.0/15",  # benchmarking
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation
    )
)
CONTROL = {chr(c) for c in range(0x21)} | {"\x7f"}


class OutboundRefused(httpcore.ConnectError):
    """A connection to an address the server must not reach. Its text is the plain
    "could not connect": the caller never learns why, nor which address."""

    def __init__(self) -> None:
        super().__init__(COULD_NOT_CONNECT)


class BadOutboundURL(ValueError):
    """A URL refused when it is saved; ``message`` says why, for the form or API."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


# --- the rules ------------------------------------------------------------------------


def allow_list() -> tuple[list[IPNetwork], set[str]]:
    """The setting as networks and host names."""
    nets: list[IPNetwork] = []
    hosts: set[str] = set()
    raw = getattr(settings, "CAMBILL_OUTBOUND_ALLOW", ())
    if isinstance(raw, str):
        raw = raw.split(",")
    for entry in raw:
        entry = str(entry).strip()
        if not entry:
            continue
        try:
            nets.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            hosts.add(entry.lower().rstrip("."))
    return nets, hosts


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _is_blocked(ip: IPAddress) -> bool:
    if ip in METADATA:
        return True
    if (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    ):
        return True
    return any(ip.version == n.version and ip in n for n in EXTRA_BLOCKED)


def address_allowed(ip: IPAddress | str, host: str = "") -> bool:
    """May the server connect to ``ip`` (reached as ``host``)?"""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip.split("%", 1)[0])
    nets, hosts = allow_list()
    if host and host.lower().rstrip(".") in hosts:
        return True
    candidates = [ip]
    inner = _embedded_ipv4(ip)
    if inner is not None:
        candidates.append(inner)
    if any(c.version == n.version and c in n for c in candidates for n in nets):
        return True
    return not any(_is_blocked(c) for c in candidates)


def resolve(host: str, port: int) -> list[str]:
    """Every address of ``host``, checked; the first allowed one is not enough:
    one refused address refuses the host (a name must not mix a public and an
    internal address to slip through)."""
    literal = host.strip("[]")
    try:
        infos = socket.getaddrinfo(literal, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        logger.info("outbound: cannot resolve %r: %s", host, exc)
        raise OutboundRefused() from None
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        addr = str(sockaddr[0]).split("%", 1)[0]
        if addr not in addresses:
            addresses.append(addr)
    if not addresses:
        raise OutboundRefused()
    for addr in addresses:
        if not address_allowed(addr, host):
            logger.warning("outbound: refused %s (%s), not an allowed address", host, addr)
            raise OutboundRefused()
    return addresses


def check_url(url: Any) -> str:
    """A URL fit to save: http(s), a host, no credentials, no control characters,
    not a literal refused address. Raises :class:`BadOutboundURL`."""
    if not isinstance(url, str) or not url:
        raise BadOutboundURL(_("Give an http(s) URL."))
    if any(ch in CONTROL for ch in url):
        raise BadOutboundURL(_("A URL cannot contain spaces, line breaks or control characters."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadOutboundURL(_("Not a valid URL.")) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BadOutboundURL(_("Give an http(s) URL."))
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise BadOutboundURL(_("A URL cannot carry a user name or password."))
    host = parts.hostname or ""
    if not host:
        raise BadOutboundURL(_("The URL has no host."))
    if port == 0:
        raise BadOutboundURL(_("Not a valid URL."))
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        ip = None
    if ip is not None and not address_allowed(ip, host):
        raise BadOutboundURL(_("This address is not allowed: give a public host."))
    local_name = host.lower().rstrip(".") in ("localhost", "localhost.localdomain")
    if ip is None and local_name and not address_allowed(ipaddress.ip_address("127.0.0.1"), host):
        raise BadOutboundURL(_("This address is not allowed: give a public host."))
    return url


# --- the transport -------------------------------------------------------------------


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves and checks the host, then connects to a checked address."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for addr in resolve(host, port):
            try:
                return super().connect_tcp(
                    addr,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        logger.info("outbound: %s:%s could not connect: %s", host, port, last)
        raise httpcore.ConnectError(COULD_NOT_CONNECT)

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise OutboundRefused()


class OutboundTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose connections go only to checked addresses.
    Proxies from the environment are not used (the check would see the proxy)."""

    def __init__(self, *, verify: ssl.SSLContext | bool = True) -> None:
        super().__init__(verify=verify, trust_env=False)
        ctx = httpx.create_ssl_context(verify=verify, trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=ctx, network_backend=_GuardedBackend())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if any(ch in url for ch in "\r\n") or request.url.scheme not in ("http", "https"):
            raise httpx.ConnectError(COULD_NOT_CONNECT, request=request)
        if request.url.userinfo:
            raise httpx.ConnectError(COULD_NOT_CONNECT, request=request)
        return super().handle_request(request)


def client(**kwargs: Any) -> httpx.Client:
    """An ``httpx.Client`` for tenant-given URLs (see the module docstring);
    ``transport`` may be given (tests plug a mock in)."""
    kwargs.setdefault("transport", OutboundTransport())
    kwargs.setdefault("follow_redirects", False)
    return httpx.Client(trust_env=False, **kwargs)
