"""Client settings that are checked once, at construction: URL policy, TLS, User-Agent."""

from __future__ import annotations

import ipaddress
import ssl
from urllib.parse import urlsplit

from . import errors


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_base_url(base_url: str, allow_insecure_http: bool) -> str:
    """Validate the server URL; refuse plain HTTP beyond loopback unless explicitly allowed."""
    if not isinstance(base_url, str) or not base_url.strip():
        raise ValueError("server URL must be a non-empty string")
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"server URL must look like https://host[:port], got {base_url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("server URL must not contain credentials, a query or a fragment")
    try:
        _ = parts.port
    except ValueError:
        raise ValueError(f"server URL has an invalid port: {base_url!r}") from None
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        raise errors.InsecureTransportError(
            f"refusing plain http:// to {parts.hostname}: tokens would travel unencrypted; "
            "use https:// (plain HTTP is allowed only to loopback)"
        )
    return url.removesuffix("/v1")


def tls_verify(base_url: str) -> ssl.SSLContext | bool:
    """TLS settings for httpx: always verifying.

    For an ``http://`` server no TLS ever happens (redirects are not followed), so instead of
    loading the CA bundle (~40 ms, paid on every CLI start) we hand httpx a verifying context
    with no CAs: should TLS somehow be attempted it fails closed, never open.
    """
    if urlsplit(base_url).scheme == "https":
        return True
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verify_mode=CERT_REQUIRED, check_hostname


def default_user_agent() -> str:
    try:
        from importlib.metadata import version

        return f"helpdesk-cli/{version('helpdesk-cli')}"
    except Exception:
        return "helpdesk-cli/0"
