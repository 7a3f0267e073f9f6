"""Time-based one-time passwords (TOTP, RFC 6238) for the two-factor login.

The standard algorithm every authenticator app speaks: HMAC-SHA1 over the number of 30-second
steps since the epoch, dynamically truncated to six digits (RFC 4226). No dependency needed.
"""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe

STAP = 30  # seconds per code
CIJFERS = 6
# Accept the previous and next code too: phone clocks drift and typing takes time.
VENSTER = 1


def nieuw_geheim() -> str:
    """A fresh secret: 160 random bits (the size RFC 4226 recommends), base32 without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _sleutel(geheim: str) -> bytes:
    geheim = geheim.strip().replace(" ", "").upper()
    return base64.b32decode(geheim + "=" * (-len(geheim) % 8))


def hotp(geheim: str, teller: int, cijfers: int = CIJFERS) -> str:
    """RFC 4226: the code for one counter value."""
    digest = hmac.new(_sleutel(geheim), struct.pack(">Q", teller), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    getal = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(getal % 10**cijfers).zfill(cijfers)


def tijdstap(moment: float | None = None) -> int:
    return int((time.time() if moment is None else moment) // STAP)


def totp(geheim: str, moment: float | None = None) -> str:
    """RFC 6238: the code that is valid at ``moment`` (now by default)."""
    return hotp(geheim, tijdstap(moment))


def geldige_stap(geheim: str, code: str, *, na_stap: int = 0, moment: float | None = None) -> int | None:
    """The time step whose code equals ``code`` within the allowed window, or None.

    Steps at or before ``na_stap`` are refused, so a code cannot be used twice.
    """
    code = "".join(teken for teken in str(code) if not teken.isspace())
    if len(code) != CIJFERS or not code.isascii() or not code.isdigit():
        return None
    nu = tijdstap(moment)
    for stap in range(nu - VENSTER, nu + VENSTER + 1):
        if stap > na_stap and hmac.compare_digest(hotp(geheim, stap), code):
            return stap
    return None


def otpauth_uri(geheim: str, account: str) -> str:
    """The URI an authenticator app reads from the QR code."""
    issuer = settings.TWO_FACTOR_ISSUER
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": geheim, "issuer": issuer, "algorithm": "SHA1", "digits": CIJFERS, "period": STAP})
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri: str) -> SafeString:
    """The QR code as inline SVG (no script, no style: fine under the page's CSP)."""
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff"))  # noqa: S308


def controleer_code(user, code: str) -> bool:
    """Check ``code`` against the user's confirmed device and spend it (no replay)."""
    from praktijkwijs.models import TweeStapsApparaat

    with transaction.atomic():
        apparaat = TweeStapsApparaat.objects.select_for_update().filter(user=user).first()
        if apparaat is None:
            return False
        stap = geldige_stap(apparaat.geheim, code, na_stap=apparaat.laatste_stap)
        if stap is None:
            return False
        apparaat.laatste_stap = stap
        apparaat.save(update_fields=["laatste_stap"])
    return True


def bevestig_apparaat(user, geheim: str, code: str) -> bool:
    """Enrolment: store ``geheim`` for ``user`` once ``code`` shows the app has it."""
    from praktijkwijs.models import TweeStapsApparaat

    stap = geldige_stap(geheim, code)
    if stap is None:
        return False
    TweeStapsApparaat.objects.update_or_create(user=user, defaults={"geheim": geheim, "laatste_stap": stap})
    return True
