"""How a new authenticator secret is shown: a QR code drawn here, and the key as text.

The QR code is an SVG made by the `qrcode` package on the server and embedded as a
data: URI in an <img>, so the page makes no request elsewhere, runs no script, and
needs no `|safe` in the template. The same secret is shown as grouped base32 text for
apps that cannot scan.
"""

import base64
import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_data_uri(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def secret_text(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))
