"""Thumbnails of evidence photos for the workbench's pages: small JPEGs made when asked for,
from images whose size is checked first (a decompression bomb gets no thumbnail)."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

SIDE = 240
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is the largest a thumbnail is made of


def thumbnail(content: bytes) -> bytes | None:
    """A JPEG at most SIDE pixels on its longer side, or None when the image cannot be read
    (or is larger than any phone's photo)."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return None
            image.thumbnail((SIDE, SIDE))
            small = image.convert("RGB")
            out = io.BytesIO()
            small.save(out, "JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
