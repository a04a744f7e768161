"""Where push deliveries may go (issue 5): a TPS account chooses the URL PLP Online POSTs its
events to, so a callback URL is a request the server makes for the caller, and it must never
reach inward (SSRF: an internal port scan, the cloud metadata service).

Refused, at registration (what the URL says) and before every call (what its name resolves
to, in app/adapters/http/push_sender.py): loopback, private, shared, link-local, multicast,
unspecified, reserved and documentation addresses, also spelled as an IPv4-mapped, 6to4 or
NAT64 IPv6 address or in the numeric forms resolvers accept (0x7f000001, 2130706433, 127.1,
0177.0.0.1); credentials in the URL (user:password@); any scheme but http and https, and
http in production. Demo mode calls loopback receivers (the mock TPS's `plp-mock-tps receive`
listens on 127.0.0.1); networks listed in PLP_CALLBACK_ALLOWED_NETWORKS are called in every
mode, but a cloud metadata address never is.

Standard library only (ipaddress, urllib.parse): the rule is a few lines, and the packages
that guard outbound requests wrap one HTTP client's connection (advocate: requests), which
the push sender does itself for httpx so that the address checked is the address connected.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from urllib.parse import unquote, urlsplit

Address = IPv4Address | IPv6Address
Network = IPv4Network | IPv6Network

# instance metadata services (AWS, its IPv6 one, ECS tasks, Alibaba): never a receiver
METADATA = frozenset(
    ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200")
)
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_NAT64 = IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class CallbackPolicy:
    https_only: bool = False  # production
    loopback: bool = False  # demo: receivers on this machine
    allowed: tuple[Network, ...] = ()  # PLP_CALLBACK_ALLOWED_NETWORKS

    @classmethod
    def for_mode(cls, mode: str, allowed: tuple[Network, ...] = ()) -> CallbackPolicy:
        return cls(https_only=mode == "production", loopback=mode == "demo", allowed=allowed)

    def url_refusal(self, url: str) -> str | None:
        """Why `url` may not be a callback URL, said to the account that sent it (nothing but
        what the URL itself says); None when it may. A host name passes here: its addresses
        are checked on every call."""
        try:
            parts = urlsplit(url.strip())
            host, _ = parts.hostname, parts.port  # .port raises on a bad port
        except ValueError:
            return "the callback URL is not a valid URL"
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            return "a callback URL must use http or https"
        if self.https_only and scheme != "https":
            return "a callback URL must use https"
        if "@" in parts.netloc:
            return (
                "a callback URL may not carry credentials (user:password@): "
                "deliveries are signed with your secret instead"
            )
        if not host:
            return "a callback URL needs a host"
        try:
            address = host_address(host)
        except ValueError:
            return "the callback URL's host is neither a name nor a valid IP address"
        if address is None:
            return None
        kind = self.address_refusal(address)
        if kind is None:
            return None
        return f"callback URLs may not point to {kind} addresses; use a public host"

    def address_refusal(self, address: Address) -> str | None:
        """The kind of inward address this is ("loopback", "private", ...), None when it may
        be called."""
        plain = embedded_ipv4(address) or address
        if plain in METADATA or address in METADATA:
            return "cloud metadata"
        if any(plain in n or address in n for n in self.allowed):
            return None
        kind = inward_kind(plain)
        if kind == "loopback" and self.loopback:
            return None
        return kind


def host_address(host: str) -> Address | None:
    """The address a URL's host names by itself, in any spelling a resolver accepts; None for
    a host name (`localhost` and `*.localhost` are the loopback address). ValueError: a host
    that ends in a number but is no address (a resolver might still read one into it)."""
    name = unquote(host).strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return IPv4Address("127.0.0.1")
    if ":" in name:
        return ip_address(name)  # IPv6 (with a zone, fe80::1%eth0, too); ValueError if not
    labels = name.split(".")
    if not _number(labels[-1]):
        return None  # a name: resolved and checked on every call
    return _ipv4(labels)


def embedded_ipv4(address: Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 one carries and reaches: ::ffff:a.b.c.d, 6to4, NAT64."""
    if not isinstance(address, IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def inward_kind(address: Address) -> str | None:
    """What makes an address inward, or None for a public one."""
    if address.is_loopback:
        return "loopback"
    if address.is_unspecified:
        return "unspecified"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_reserved:
        return "reserved"
    if address.is_private or (isinstance(address, IPv6Address) and address.is_site_local):
        return "private"
    if not address.is_global:  # 100.64.0.0/10 (shared, carrier NAT), and whatever is not public
        return "non-public"
    return None


def _number(label: str) -> bool:
    """A label a resolver reads as a number: decimal, 0x hex, or 0-led octal."""
    if label[:2] in ("0x", "0X"):
        return all(c in "0123456789abcdefABCDEF" for c in label[2:])
    return label.isascii() and label.isdigit()


def _ipv4(labels: list[str]) -> IPv4Address:
    """The inet_aton / WHATWG reading: 1 to 4 numbers, the last filling the remaining bytes."""
    if not 1 <= len(labels) <= 4 or not all(_number(p) for p in labels):
        raise ValueError("not an IPv4 address")
    numbers = [_value(p) for p in labels]
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        raise ValueError("not an IPv4 address")
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return IPv4Address(value)


def _value(label: str) -> int:
    if label[:2] in ("0x", "0X"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label, 8)  # ValueError on 8 or 9
    return int(label)
