"""The provider's seal (or logo) and its designee's signature, printed on certificates and
clock-hour records.

An upload is checked before anything is kept: at most MAX_UPLOAD_BYTES, a PNG or a JPEG
whose header says it has at most MAX_PIXELS pixels (no decompression bomb), that decodes
in full. It is then redrawn as a small JPEG on white (transparency flattened, metadata
dropped, at most MAX_SIDE pixels a side), which reportlab embeds without decoding it
again. SVG is refused: it is a document that can carry scripts and outside references,
and printing it needs another renderer; a PNG of the same seal prints the same.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import asdict, dataclass
from enum import StrEnum

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import CertificateSigning, Network, NetworkImage, User

MAX_UPLOAD_BYTES = 512 * 1024
MAX_PIXELS = 4096 * 4096
MAX_SIDE = 300  # printed at most about an inch high: 300 dpi
MAX_TYPED = 200
FORMATS = ("PNG", "JPEG")


class ImageKind(StrEnum):
    SEAL = "seal"
    SIGNATURE = "signature"


class ImageRefusal(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"  # `limit` bytes
    SVG = "svg"
    NOT_AN_IMAGE = "not_an_image"  # not a PNG or JPEG that decodes
    TOO_MANY_PIXELS = "too_many_pixels"
    TYPED_TOO_LONG = "typed_too_long"  # `limit` characters


class ImageError(Exception):
    def __init__(self, reason: ImageRefusal, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


def normalised_jpeg(data: bytes) -> tuple[bytes, int, int]:
    """The upload as a small JPEG on white, with its size; or an `ImageError`."""
    if not data:
        raise ImageError(ImageRefusal.EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(ImageRefusal.TOO_LARGE, limit=MAX_UPLOAD_BYTES)
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise ImageError(ImageRefusal.SVG)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise ImageError(ImageRefusal.NOT_AN_IMAGE)
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ImageError(ImageRefusal.TOO_MANY_PIXELS)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageError(ImageRefusal.NOT_AN_IMAGE) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageError(ImageRefusal.TOO_MANY_PIXELS) from error
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    flat.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    flat.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), flat.width, flat.height


def upload(network: Network, kind: ImageKind, data: bytes, actor: User) -> NetworkImage:
    """Keep a new seal or signature for the network; earlier ones stay (certificates
    printed with them still point at them)."""
    jpeg, width, height = normalised_jpeg(data)
    image = NetworkImage(
        network_id=network.id,
        kind=kind.value,
        data=jpeg,
        width=width,
        height=height,
        uploaded_by_id=actor.id,
    )
    db.session.add(image)
    db.session.commit()
    return image


def set_typed_signature(network: Network, typed: str) -> None:
    typed = " ".join(typed.split())
    if len(typed) > MAX_TYPED:
        raise ImageError(ImageRefusal.TYPED_TOO_LONG, limit=MAX_TYPED)
    network.signature_typed = typed
    db.session.commit()


def image(network_id: int, image_id: int) -> NetworkImage | None:
    """One of the network's images (a page shows it to the network's admins)."""
    return db.session.scalar(
        select(NetworkImage).where(
            NetworkImage.id == image_id, NetworkImage.network_id == network_id
        )
    )


def current(network_id: int, kind: ImageKind) -> NetworkImage | None:
    return db.session.scalar(
        select(NetworkImage)
        .where(NetworkImage.network_id == network_id, NetworkImage.kind == kind.value)
        .order_by(NetworkImage.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Signing:
    """What certificates issued now are signed with."""

    seal_image_id: int | None
    signature_image_id: int | None
    signature_typed: str

    def for_certificate(self, certificate_id: int) -> CertificateSigning:
        return CertificateSigning(certificate_id=certificate_id, **asdict(self))


def signing_for(network: Network) -> Signing | None:
    """None when the network has uploaded and typed nothing."""
    seal = current(network.id, ImageKind.SEAL)
    signature = current(network.id, ImageKind.SIGNATURE)
    if seal is None and signature is None and not network.signature_typed:
        return None
    return Signing(
        seal.id if seal else None, signature.id if signature else None, network.signature_typed
    )
