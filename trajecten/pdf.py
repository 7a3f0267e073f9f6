"""Rendering the praktijkverklaring as PDF/A with WeasyPrint.

The HTML template (``templates/trajecten/pdf/praktijkverklaring.html``) is the layout a school
can adapt. It reads only the values copied onto the verklaring at issue, never the live
deelnemer or catalogue, so what is rendered is what was approved.
"""

import ssl

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

TEMPLATE = "trajecten/pdf/praktijkverklaring.html"


def qr_svg(data: str) -> str:
    """The QR code as inline SVG (vector, so it prints sharp at any size)."""
    import segno

    return segno.make(data, error="m").svg_inline(scale=4, border=0, dark="#000", omitsize=True)


def render_verklaring_html(verklaring) -> str:
    with translation.override("nl"):
        return render_to_string(
            TEMPLATE,
            {
                "verklaring": verklaring,
                "kerntaken": verklaring.werkprocessen_per_kerntaak(),
                "qr": mark_safe(qr_svg(verklaring.verificatie_url)),  # noqa: S308 - segno's own SVG
            },
        )


def render_verklaring_pdf(verklaring) -> bytes:
    """The PDF/A-3b bytes of an issued verklaring (number and copied values already set)."""
    # WeasyPrint costs about a second to import; only processes that render pay it.
    from weasyprint import HTML, URLFetcher

    # The template may be adapted by a school; it must not make the server fetch anything.
    # Left to itself the fetcher builds a default SSL context for https, which reads the
    # system's CA certificates: ~25 ms of every PDF, for a protocol it refuses anyway. This
    # context trusts no certificate, so https would fail even if it were allowed.
    fetcher = URLFetcher(allowed_protocols=["data"], ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    html = HTML(string=render_verklaring_html(verklaring), url_fetcher=fetcher, base_url="data:,")
    return html.write_pdf(pdf_variant="pdf/a-3b", pdf_identifier=verklaring.verificatiecode.encode())
