"""Share cards: what a link to a page shows when it is pasted into Facebook,
LinkedIn, Slack or a text message (Open Graph and Twitter card metadata), the
default card images that name the municipality, and plain share links.

No third-party service is involved: the card images are drawn here at build
time and the share links are ordinary links with the address in the query.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypedDict
from urllib.parse import quote, urlencode

from PIL import Image, ImageDraw, ImageFont

from . import addresses
from .model import Municipality, PromiseEntry, Site, State, UpdateEntry
from .summary import DESCRIPTION_LENGTH, description
from .summary import shorten as shorten_to

CARD_SIZE = (1200, 630)  # what Facebook and LinkedIn show as a large card

# The site's indigo (Material's primary) and white: 10.4:1, readable when small.
_BACKGROUND = (0x28, 0x35, 0x93)
_TEXT = (0xFF, 0xFF, 0xFF)
_MUTED = (0xC5, 0xCA, 0xE9)


@dataclass(frozen=True)
class ShareLink:
    label: str
    href: str


@dataclass(frozen=True)
class ShareCard:
    title: str
    description: str
    url: str  # absolute
    kind: str  # og:type: article for updates, website otherwise
    image: str  # absolute
    image_alt: str
    image_size: tuple[int, int] | None  # known for the cards drawn here
    published: datetime | None  # article:published_time, updates only
    links: tuple[ShareLink, ...]  # empty on pages that are not worth sharing


class _CardImage(TypedDict):
    """A card's image fields, as ShareCard takes them."""

    image: str
    image_alt: str
    image_size: tuple[int, int] | None


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    return shorten_to(text, limit)


def share_links(url: str, title: str) -> tuple[ShareLink, ...]:
    """Plain links: each service reads the page's own card from its address."""
    return (
        ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        # mailto: wants %20 for spaces; urlencode's + would show up in the mail.
        ShareLink("E-post", "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        # The site's own script copies the address; without it the link is the address.
        ShareLink("Kopiera länk", url),
    )


class Cards:
    """Share cards for pages, given the site and its public address."""

    def __init__(self, site: Site, site_url: str, site_name: str, site_description: str) -> None:
        self.site = site
        self.site_url = site_url
        self.site_name = site_name
        self.site_description = site_description
        self.municipalities = {m.slug: m for m in site.municipalities}

    def _absolute(self, url: str) -> str:
        return addresses.absolute(self.site_url, url)

    def _default_image(self, municipality: str | None, slug: str | None) -> _CardImage:
        alt = f"{self.site_name} i {municipality}" if municipality else self.site_name
        return {"image": self._absolute(addresses.share_card(slug)), "image_alt": alt, "image_size": CARD_SIZE}

    def update(self, entry: UpdateEntry) -> ShareCard:
        update, promise = entry.update, entry.promise
        image: _CardImage
        if update.image:
            image = {"image": self._absolute(update.image.url), "image_alt": update.image.alt, "image_size": None}
        else:
            image = self._default_image(promise.municipality, promise.municipality_slug)
        url = self._absolute(entry.url)
        return ShareCard(
            title=update.title,
            description=description(entry),
            url=url,
            kind="article",
            published=update.moment if entry.state is State.PUBLISHED else None,
            links=share_links(url, update.title),
            **image,
        )

    def promise(self, entry: PromiseEntry) -> ShareCard:
        promise = entry.promise
        url = self._absolute(entry.url)
        return ShareCard(
            title=promise.title,
            description=description(entry),
            url=url,
            kind="website",
            published=None,
            links=share_links(url, promise.title),
            **self._default_image(promise.municipality, promise.municipality_slug),
        )

    def municipality(self, municipality: Municipality) -> ShareCard:
        url = self._absolute(municipality.url)
        title = f"Medborgarlöften i {municipality.name}"
        return ShareCard(
            title=title,
            description=description(municipality),
            url=url,
            kind="website",
            published=None,
            links=share_links(url, title),
            **self._default_image(municipality.name, municipality.slug),
        )

    def other(self, title: str, url: str) -> ShareCard:
        """Every other page: the site's card, no share links."""
        return ShareCard(
            title=title,
            description=shorten(self.site_description),
            url=self._absolute(url),
            kind="website",
            published=None,
            links=(),
            **self._default_image(None, None),
        )

    def images(self) -> dict[str, tuple[str, str | None]]:
        """Every default card image to draw: address → (heading, municipality)."""
        images: dict[str, tuple[str, str | None]] = {addresses.share_card(None): (self.site_name, None)}
        for m in self.site.municipalities:
            images[addresses.share_card(m.slug)] = (self.site_name, m.name)
        return images


class CardPainter:
    """Draws the default card images. The font is Lato (SIL Open Font License),
    which MkDocs ships with its readthedocs theme: no font download, and it has
    Å, Ä and Ö, which Pillow's built-in font lacks."""

    def __init__(self, font_file: Path) -> None:
        self.font_file = font_file
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}

    def _font(self, size: int) -> ImageFont.FreeTypeFont:
        if size not in self._fonts:
            # Pillow's own layout, not libraqm: it is there on every machine (the
            # same bytes everywhere) and needs no shaping for Latin letters.
            self._fonts[size] = ImageFont.truetype(str(self.font_file), size, layout_engine=ImageFont.Layout.BASIC)
        return self._fonts[size]

    def _fit(self, draw: ImageDraw.ImageDraw, text: str, width: int, sizes: tuple[int, ...]) -> ImageFont.FreeTypeFont:
        """The largest size at which text fits the width (long names such as
        «Upplands Väsby» or «Malung-Sälen» still fit on one line)."""
        for size in sizes:
            font = self._font(size)
            if draw.textlength(text, font=font) <= width:
                return font
        return self._font(sizes[-1])

    def png(self, heading: str, municipality: str | None) -> bytes:
        # One line each: a name is validated to one, but drawing must not fail on any text.
        heading = " ".join(heading.split())
        municipality = " ".join(municipality.split()) if municipality else municipality
        image = Image.new("RGB", CARD_SIZE, _BACKGROUND)
        draw = ImageDraw.Draw(image)
        margin = 90
        width = CARD_SIZE[0] - 2 * margin
        if municipality:
            draw.text((margin, 170), heading, font=self._font(52), fill=_MUTED)
            draw.text((margin, 250), municipality, font=self._fit(draw, municipality, width, (120, 100, 84, 72, 60)), fill=_TEXT)
        else:
            draw.text((margin, 220), heading, font=self._fit(draw, heading, width, (120, 100, 84)), fill=_TEXT)
        draw.text((margin, 500), "Kommunen och polisen följer upp sina löften", font=self._font(40), fill=_MUTED)
        out = io.BytesIO()
        # No metadata chunks, so the same input gives the same bytes.
        image.save(out, "PNG", optimize=False, compress_level=6)
        return out.getvalue()
