"""Source URLs in canonical form: the host of a URL, and the URL without tracking or noise.

A canonical URL has no tracking parameters (``utm_*``, ``fbclid`` and the
others of :data:`TRACKING_PARAMS`), no default port, no trailing dot in its host
and no text fragment; everything else stays as written.

Examples
--------
>>> canonical_url("https://www.example.com:443/a/b?utm_source=x&id=7#:~:text=hi")
'https://www.example.com/a/b?id=7'
>>> canonical_url("http://learn.microsoft.com./en-us/azure/")
'http://learn.microsoft.com/en-us/azure/'
>>> canonical_url("http://developer.aliyun.com:443/article/1?id=news%2Fx&ref=a")
'https://developer.aliyun.com/article/1?id=news%2Fx'
>>> host_of("https://News.Example.org:8443/x")
'news.example.org'
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMS", "canonical_url", "host_of"]

#: Query parameters that only track the reader (removed from canonical URLs).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
        "ns_mchannel", "ns_campaign", "ns_source", "ns_linkname", "ns_fee", "ito",
        "ref", "ref_src", "ref_url", "cmpid", "ocid", "smid", "sr_share", "spm",
        "guccounter", "guce_referrer", "guce_referrer_sig", "mod", "share", "amp",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}


def host_of(url: str) -> str:
    """Return the lower-case host of ``url`` without port or trailing dot ('' if none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def canonical_url(url: str) -> str:
    """Return ``url`` without tracking parameters, default port, trailing host dot or text fragment.

    The path, the other query parameters (in their order) and ordinary fragments are
    kept; scheme and host are lower-cased.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        return url
    if scheme == "http" and port == _DEFAULT_PORTS["https"]:
        scheme = "https"  # http on port 443 is https written wrongly
    host = host_of(url)
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    # filter the raw pairs, so the parameters kept stay byte for byte as written
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and not _tracking(unquote_plus(pair.split("=", 1)[0]).lower())
    ]
    fragment = "" if parts.fragment.startswith(":~:") else parts.fragment
    return urlunsplit((scheme, netloc, parts.path, "&".join(kept), fragment))


def _tracking(key: str) -> bool:
    return key.startswith("utm_") or key in TRACKING_PARAMS
