"""Share cards: what a link to a page shows when it is pasted into Facebook,
LinkedIn, Slack or a text message (Open Graph and Twitter card metadata), the
card images (the site's, one per municipality, and one per update without an
image of its own, with its title and running totals), and plain share links.

No third-party service is involved: the card images are drawn here at build
time and the share links are ordinary links with the address in the query.
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import quote, urlencode

import PIL
from PIL import Image, ImageDraw, ImageFont

from . import addresses, counts, i18n
from .assets import SVG
from .card_cache import KEY_LENGTH, CardCache
from .characters import visible
from .model import Image as UpdateImage
from .model import Municipality, PromiseEntry, Site, State, TranslatedPromise, TranslatedUpdate, UpdateEntry
from .problems import Report
from .summary import DESCRIPTION_LENGTH, description
from .summary import shorten as shorten_to
from .swedish import N_

if TYPE_CHECKING:
    from .translations import PromiseTranslation

CARD_SIZE = (1200, 630)  # what Facebook and LinkedIn show as a large card
# Part of the cache key of every card: change it with any change to how cards are drawn.
CARD_VERSION = "3"  # 3: the card's words (footer, "och N åtaganden till") are in the card's text
# Languages whose pages get cards in their own words: those the card's font
# (Lato: Latin letters) can draw with Pillow's basic layout. Arabic, Persian,
# Yiddish, Tigrinya and Cyrillic need another font and a shaping engine; their
# pages share the original's card.
CARD_LANGUAGES = frozenset({"lattlast", "en", "fi", "fit", "se", "sma", "smj", "rom", "so", "bs", "hr", "tr"})

# The site's indigo (Material's primary) and white: 10.4:1, readable when small.
_BACKGROUND = (0x28, 0x35, 0x93)
_WHITE = (0xFF, 0xFF, 0xFF)


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


def shareable(image: UpdateImage | None) -> UpdateImage | None:
    """An update's own picture as its share image and feed enclosure, or None:
    never an SVG, which social networks and feed readers do not show (and
    which is a document rather than a picture); such an update gets its card."""
    return image if image is not None and image.mime != SVG else None


def share_links(url: str, title: str) -> tuple[ShareLink, ...]:
    """Plain links: each service reads the page's own card from its address.
    The labels are catalog msgids (N_): the theme template shows them in the
    page's language."""
    return (
        ShareLink("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        # mailto: wants %20 for spaces; urlencode's + would show up in the mail.
        ShareLink(N_("E-post"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        # The site's own script copies the address; without it the link is the address.
        ShareLink(N_("Kopiera länk"), url),
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

    def _own_image(self, image: UpdateImage, alt: str) -> _CardImage:
        """An update's own image, as its share image (the pixel size when Pillow could read it)."""
        size = (image.width, image.height) if image.width and image.height else None
        return {"image": self._absolute(image.url), "image_alt": alt, "image_size": size}

    def _card_image(self, url: str, card: UpdateCard) -> _CardImage:
        return {"image": self._absolute(url), "image_alt": _alt(card), "image_size": CARD_SIZE}

    def update(self, entry: UpdateEntry) -> ShareCard:
        update = entry.update
        if (own := shareable(update.image)) is not None:
            image = self._own_image(own, own.alt)
        else:
            image = self._card_image(update_card(entry), card_text(entry))
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

    def images(self, missing: Callable[[str], str] | None = None, report: Report | None = None) -> dict[str, CardText]:
        """Every card image to draw, by address: the site's, each municipality's,
        and each update's without an image of its own (or with an SVG).
        ``missing`` gives the characters of a text the card's font lacks
        (CardPainter.missing): a title with any is left off its card, which
        would show boxes, with a notice in ``report`` naming the file."""
        images: dict[str, CardText] = {addresses.share_card(None): DefaultCard(self.site_name, None)}
        for m in self.site.municipalities:
            images[addresses.share_card(m.slug)] = DefaultCard(self.site_name, m.name)
        noticed: set[str] = set()
        for entry in self.site.updates:
            if shareable(entry.update.image) is None:
                card = card_text(entry)
                images[update_card(entry)] = _drawable(card, entry.update.path, entry.promise.path, missing, report, noticed)
        for code, edition in self.site.editions.items():
            if code in CARD_LANGUAGES:
                for translated in edition.updates:
                    if shareable(translated.entry.update.image) is None:
                        card = translated_card(translated, code, edition.promises.get(translated.entry.promise.id))
                        path = translated.translation.path
                        images[addresses.update_card(translated.url)] = _drawable(card, path, translated.entry.promise.path, missing, report, noticed)
        return images

    def translated_update(self, translated: TranslatedUpdate, code: str) -> ShareCard:
        """A translated update's card: its own words, the original's image, else
        the card in its language (or the original's, where the font lacks its letters)."""
        entry, translation = translated.entry, translated.translation
        update = entry.update
        if (own := shareable(update.image)) is not None:
            image = self._own_image(own, translation.image_alt or own.alt)
        elif code in CARD_LANGUAGES:
            promise = self.site.editions[code].promises.get(entry.promise.id)
            image = self._card_image(addresses.update_card(translated.url), translated_card(translated, code, promise))
        else:
            image = self._card_image(update_card(entry), card_text(entry))
        url = self._absolute(translated.url)
        return ShareCard(
            title=translation.title, description=shorten(translated.summary), url=url, kind="article",
            published=update.moment if entry.state is State.PUBLISHED else None, links=share_links(url, translation.title), **image,
        )

    def translated_promise(self, translated: TranslatedPromise) -> ShareCard:
        promise = translated.entry.promise
        title = translated.title or promise.title
        url = self._absolute(translated.url)
        return ShareCard(
            title=title, description=description(translated.entry), url=url, kind="website", published=None,
            links=share_links(url, title), **self._default_image(promise.municipality, promise.municipality_slug),
        )


@dataclass(frozen=True)
class DefaultCard:
    """The site's card (``municipality`` None) or a municipality's."""

    heading: str
    municipality: str | None


@dataclass(frozen=True)
class UpdateCard:
    """What an update's own card shows: everything drawn, and nothing else,
    so it is also what the painter's cache is keyed on."""

    title: str
    municipality: str
    totals: tuple[str, ...]  # running totals as of the update, at most MAX_TOTALS
    more: str  # "och 2 åtaganden till": the commitments it reports on beyond those shown, or ""
    promise: str  # shown instead when it reports on no commitment
    date: str
    footer: str  # "Medborgarlöften · kommunen och polisen", in the card's language


CardText = DefaultCard | UpdateCard
MAX_TOTALS = 2


def update_card(entry: UpdateEntry) -> str:
    return addresses.update_card(entry.url)


def card_text(
    entry: UpdateEntry, code: str = i18n.SWEDISH, title: str | None = None, promise_title: str | None = None,
    translation: PromiseTranslation | None = None,
) -> UpdateCard:
    """The commitments an update reports on are those it gives progress or a
    status for, in the promise's order; each shows its running total as of this
    update ("9 av 15 insatser"), the first MAX_TOTALS of them, then how many
    more. An update that reports on none shows no number, only its promise:
    a total it did not report would say something it does not. In another
    language (``code``) the words are its catalog's, the titles and units the
    promise's ``translation``'s; every number is the original's. A commitment
    without a target counts nothing (contract 2.1): it has no total, and is
    among the "more" (an update that reports only such ones shows its promise)."""
    update, promise = entry.update, entry.promise
    words = i18n.words(code)
    reported = [c for c in promise.commitments if c.id in update.progress or c.id in update.status]
    totals = tuple(
        str(counts.of_target(words, counts.unit_of(c, translation, words.language.locale), entry.totals.get(c.id, 0), c.target))
        for c in reported if c.target is not None
    )[:MAX_TOTALS]
    # "and 2 more" only after a total: an update that counted nothing shows its promise instead.
    extra = len(reported) - len(totals) if totals else 0
    more = words.ngettext("och %(num)s åtagande till", "och %(num)s åtaganden till", extra) % {"num": extra} if extra else ""
    return UpdateCard(
        title or update.title, promise.municipality, totals, more, promise_title or promise.title, words.date(update.moment),
        words.gettext("Medborgarlöften · kommunen och polisen"),
    )


def translated_card(translated: TranslatedUpdate, code: str, promise: TranslatedPromise | None = None) -> UpdateCard:
    """``promise``: the update's promise in the same language, for its units."""
    return card_text(translated.entry, code, translated.translation.title, translation=promise.translation if promise else None)


def _drawable(
    card: UpdateCard, path: str, promise_path: str, missing: Callable[[str], str] | None, report: Report | None, noticed: set[str],
) -> UpdateCard:
    """The card without the titles its font lacks letters of (Arabic script,
    emoji, Chinese would be boxes): it still shows the municipality, the date
    and the numbers. A notice names the file (a promise's once)."""
    if missing is None:
        return card
    if lacking := missing(card.title):
        card = replace(card, title="")
        if report is not None:
            report.notice(
                path, "title",
                f"rubriken har tecken som delningsbildens typsnitt saknar ({_characters(lacking)}), så bilden som visas när "
                "sidan delas har kommunen, datumet och siffrorna men inte rubriken.",
                "Vill ni ha rubriken på bilden: skriv den med latinska bokstäver, eller ge uppföljningen en egen bild med fälten image och image_alt.",
            )
    if not card.totals and (lacking := missing(card.promise)):
        card = replace(card, promise="")
        if report is not None and promise_path not in noticed:
            noticed.add(promise_path)
            report.notice(
                promise_path, "title",
                f"rubriken har tecken som delningsbildernas typsnitt saknar ({_characters(lacking)}), så bilderna för "
                "uppföljningar som inte rapporterar något åtagande visar inte löftets rubrik.",
                "Vill ni ha rubriken på bilderna: skriv den med latinska bokstäver.",
            )
    return card


def _characters(found: str, limit: int = 3) -> str:
    """«ع», «😀» for a message: the first few characters a font lacks."""
    shown = ", ".join(f"«{visible(c)}»" for c in found[:limit])
    return shown + (f" och {len(found) - limit} till" if len(found) > limit else "")


def _alt(card: UpdateCard) -> str:
    """The card's text, for those who do not see it."""
    said = list(card.totals) + ([card.more] if card.more else [])
    return ". ".join([card.title, f"{card.municipality}, {card.date}", ", ".join(said) or card.promise])


class CardPainter:
    """Draws the card images. The font is Lato (SIL Open Font License), which
    MkDocs ships with its readthedocs theme: no font download, no system font
    lookup, and it has Å, Ä and Ö, which Pillow's built-in font lacks.

    A national site has ~17,000 update cards. Each is drawn in grey levels (how
    much of a pixel is text) and saved as a palette PNG whose 256 colours run
    from the background to white: a third of an RGB image's bytes to compress,
    so it is several times faster and smaller, and it looks the same. With
    ``cache`` (a folder), each PNG is kept under a digest of everything drawn,
    the fonts, Pillow's version and CARD_VERSION, so a rebuild draws only what
    changed and never serves a card drawn from other text or other code; the
    site publishes the card from there (``path``), so no build holds them all."""

    def __init__(self, bold: Path, regular: Path, cache: Path | None = None) -> None:
        self.bold, self.regular = bold, regular
        self.cache = cache
        self._store = CardCache(cache) if cache is not None else None
        self._fonts: dict[tuple[Path, int], ImageFont.FreeTypeFont] = {}
        # Characters each font draws and lacks (see missing), by font file.
        self._drawn: dict[Path, set[str]] = {}
        self._lacked: dict[Path, set[str]] = {}
        # Rendered lines that recur on many cards (see _line), by font and text.
        self._lines: dict[tuple[int, str], tuple[Any, tuple[int, int]]] = {}
        digest = hashlib.sha256(f"{CARD_VERSION}\0{PIL.__version__}\0".encode())
        for font in (bold, regular):
            digest.update(font.read_bytes())
        self._code = digest.hexdigest()

    def _font(self, size: int, file: Path | None = None) -> ImageFont.FreeTypeFont:
        key = (file or self.bold, size)
        if key not in self._fonts:
            # Pillow's own layout, not libraqm: it is there on every machine (the
            # same bytes everywhere) and needs no shaping for Latin letters.
            self._fonts[key] = ImageFont.truetype(str(key[0]), size, layout_engine=ImageFont.Layout.BASIC)
        return self._fonts[key]

    def key(self, card: CardText) -> str:
        """A digest of everything the card shows and how it is drawn: its name in the cache."""
        text = json.dumps([self._code, type(card).__name__, *astuple(card)], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:KEY_LENGTH]

    def png(self, card: CardText) -> bytes:
        if self._store is None:
            return self._draw(card)
        key = self.key(card)
        for path in self._store.index_of(key):
            if (data := self._store.read(path)) is not None:
                return data
        data = self._draw(card)
        self._store.keep(key, data)
        return data

    def fill(self, cards: Iterable[CardText]) -> dict[str, Path | bytes]:
        """Every card, by key (``key``): its file in the cache, checked
        (card_cache: a regular PNG file whose bytes are what its name says),
        else drawn and kept there. A card the cache could not keep (a read-only
        or full disk) comes back as its bytes: the build publishes it from memory."""
        if self._store is None:
            raise ValueError("CardPainter.fill needs a cache folder")
        kept = self._store.index()
        cards_by_key: dict[str, Path | bytes] = {}
        for card in cards:
            key = self.key(card)
            if key in cards_by_key:
                continue
            found = self._store.find(key, kept.get(key, ()))
            if found is None:
                data = self._draw(card)
                found = self._store.keep(key, data)
            cards_by_key[key] = found if found is not None else data
        return cards_by_key

    def missing(self, text: str, regular: bool = False) -> str:
        """The characters of ``text`` the card's font (bold, or ``regular``)
        has no glyph for, in order, each once: Pillow would draw them as its
        .notdef box. Each character is looked up once per painter."""
        font_file = self.regular if regular else self.bold
        drawn = self._drawn.setdefault(font_file, set())
        unknown = set(text) - drawn
        if not unknown:
            return ""
        lacked = self._lacked.setdefault(font_file, set())
        for character in unknown - lacked:
            (lacked if self._lacks(font_file, character) else drawn).add(character)
        return "".join(dict.fromkeys(c for c in text if c in lacked))

    def _lacks(self, font_file: Path, character: str) -> bool:
        if unicodedata.category(character).startswith("Z"):
            return False  # a space draws nothing in any font, like a missing glyph might
        font = self._font(_GLYPH_SIZE, font_file)
        # U+FFFF is no character: every font draws its .notdef glyph for it.
        return _mask(font, character) == _mask(font, "\uffff")

    def _draw(self, card: CardText) -> bytes:
        # Grey levels: 0 is the background, 255 the text's white (see _PALETTE).
        image = Image.new("L", CARD_SIZE, 0)
        draw = ImageDraw.Draw(image)
        if isinstance(card, UpdateCard):
            self._update(draw, card)
        else:
            self._default(draw, card)
        image.putpalette(_PALETTE)  # the grey levels become colours: mode P
        out = io.BytesIO()
        # No metadata chunks, so the same input gives the same bytes. Level 1:
        # flat colour compresses well at any level, and 6 takes longer.
        image.save(out, "PNG", optimize=False, compress_level=1)
        return out.getvalue()

    def _line(self, draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, font: ImageFont.FreeTypeFont, fill: int) -> None:
        """A line that recurs on many cards (the footer, «9 av 15 insatser»):
        rendered once, what takes most of a line's time, and stamped where
        ``draw.text`` would draw it, with the same pixels."""
        key = (id(font), text)  # the painter keeps its fonts while it lives
        if key not in self._lines:
            if len(self._lines) >= _RECURRING_LINES:
                self._lines.clear()  # a bound on memory; what recurs comes back
            # What ImageDraw.text asks of the font for one line of text at whole pixels.
            self._lines[key] = font.getmask2(text, draw.fontmode, anchor="la", ink=fill, start=(0.0, 0.0), stroke_filled=True)
        mask, offset = self._lines[key]
        draw.draw.draw_bitmap((xy[0] + offset[0], xy[1] + offset[1]), mask, fill)

    def _default(self, draw: ImageDraw.ImageDraw, card: DefaultCard) -> None:
        heading = _one_line(card.heading)
        municipality = _one_line(card.municipality) if card.municipality else None
        if municipality:
            draw.text((_MARGIN, 170), heading, font=self._font(52), fill=_MUTED)
            font = self._fit(draw, municipality, (120, 100, 84, 72, 60))
            draw.text((_MARGIN, 250), _cut(draw, municipality, font, _WIDTH), font=font, fill=_TEXT)
        else:
            font = self._fit(draw, heading, (120, 100, 84))
            draw.text((_MARGIN, 220), _cut(draw, heading, font, _WIDTH), font=font, fill=_TEXT)
        self._line(draw, (_MARGIN, 500), "Kommunen och polisen följer upp sina löften", self._font(40), _MUTED)

    def _update(self, draw: ImageDraw.ImageDraw, card: UpdateCard) -> None:
        small = self._font(36, self.regular)
        where = _cut(draw, _one_line(f"{card.municipality} · {card.date}"), small, _WIDTH)
        draw.text((_MARGIN, 56), where, font=small, fill=_MUTED)
        # The title: the largest size at which it fits three lines, else cut with "…".
        title = _one_line(card.title)[:_MAX_CHARACTERS]
        for size in (68, 58, 50):
            lines, whole = _wrap(draw, title, self._font(size), _WIDTH, 3)
            if whole:
                break
        for i, line in enumerate(lines):  # three lines end above y = 370 at any size
            draw.text((_MARGIN, 130 + round(size * 1.18) * i), line, font=self._font(size), fill=_TEXT)
        if card.totals:
            big = self._font(50)
            for i, total in enumerate(card.totals):
                self._line(draw, (_MARGIN, 392 + 60 * i), _cut(draw, _one_line(total), big, _WIDTH), big, _TEXT)
            if card.more:
                self._line(draw, (_MARGIN, 398 + 60 * len(card.totals)), card.more, small, _MUTED)
        else:
            for i, line in enumerate(_wrap(draw, _one_line(card.promise)[:_MAX_CHARACTERS], small, _WIDTH, 2)[0]):
                self._line(draw, (_MARGIN, 420 + 48 * i), line, small, _MUTED)
        self._line(draw, (_MARGIN, 572), card.footer, self._font(28, self.regular), _MUTED)

    def _fit(self, draw: ImageDraw.ImageDraw, text: str, sizes: tuple[int, ...]) -> ImageFont.FreeTypeFont:
        """The largest size at which text fits the width (long names such as
        «Upplands Väsby» or «Malung-Sälen» still fit on one line)."""
        for size in sizes:
            font = self._font(size)
            if draw.textlength(text, font=font) <= _WIDTH:
                return font
        return self._font(sizes[-1])


def fill_cache(bold: Path, regular: Path, cache: Path, cards: list[CardText]) -> dict[str, Path | bytes]:
    """CardPainter(bold, regular, cache).fill(cards), for a process of its own:
    it takes only what is drawn and gives back each card's checked file, or
    its bytes where the cache could not keep it."""
    return CardPainter(bold, regular, cache).fill(cards)


_MARGIN = 80
_WIDTH = CARD_SIZE[0] - 2 * _MARGIN
# More than three lines hold at the smallest size: the rest is cut anyway, and
# measuring a 100,000-character title would only cost time.
_MAX_CHARACTERS = 300
# Rendered recurring lines a painter keeps (~25 KB each); emptied when full, it soon holds the most frequent again.
_RECURRING_LINES = 200
# Grey level i is the blend of the background and white at i/255, which is
# also how an anti-aliased edge blends them.
_PALETTE = [round(b + (w - b) * i / 255) for i in range(256) for b, w in zip(_BACKGROUND, _WHITE, strict=True)]
_TEXT = 255
_MUTED = 190  # #C8CBE3: 7.2:1 on the indigo


# The size at which glyphs are compared with .notdef: any size tells them apart.
_GLYPH_SIZE = 24


def _mask(font: ImageFont.FreeTypeFont, character: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(character)
    return mask.size, bytes(mask)


def _one_line(text: str) -> str:
    """Pillow measures no text with a line break; any whitespace is one space."""
    return " ".join(text.split())


def _cut(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The text, or as much of it as fits the width followed by "…"."""
    if draw.textlength(text, font=font) <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with "…", by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength(text[:middle].rstrip() + "…", font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> tuple[list[str], bool]:
    """Lines of at most the width, broken between words (inside a word too long
    for a line); at most ``max_lines``, the last cut with "…" if text is left,
    and whether the text was whole."""
    lines: list[str] = []
    current = ""
    words = text.split(" ")
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while draw.textlength(current, font=font) > width and len(lines) < max_lines:
            split = max(1, len(_cut(draw, current, font, width)) - 1)  # what fits, without its "…"
            lines.append(current[:split])
            current = current[split:]
        if len(lines) >= max_lines:
            rest = " ".join([current, *words[index + 1:]]).strip()
            if not rest:
                return lines, True
            lines[max_lines - 1] = _cut(draw, f"{lines[max_lines - 1]} {rest}", font, width)
            return lines, False
    if current:
        lines.append(current)
    return lines, True
