"""RSS 2.0 feeds, built with lxml (never by string concatenation).

Each feed holds its newest 50 updates. Dates are RFC 822 in Europe/Stockholm
through ``email.utils`` (English names whatever the locale); ``lastBuildDate`` is
the newest item's date, not the clock, so the same input gives the same bytes.

Each item has an image: the update's own, else its share card (share.py),
as an ``enclosure`` and as Media RSS ``media:content`` with its pixel size,
which auto-posters (IFTTT, Hootsuite and the like) read for the post's picture.

A reader shows each field as the text that was written, whether it takes the
element as text or as HTML: ``description`` is HTML-escaped text, the plain-text
fields get look-alikes for ``<``, ``>`` and a reference-starting ``&``
(with_look_alikes_for_markup), ``content:encoded`` is the page's own HTML.

Each language the site publishes besides Swedish has its own feed,
``/<lang>/feed.xml``, of its newest 50 translated updates: words from the
translation, dates and images from the Swedish original. The Swedish feeds
hold only Swedish items.
"""

from __future__ import annotations

import email.utils
import html as html_text
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml import etree

from . import addresses, i18n
from .languages import LANGUAGES
from .model import Edition, Site, State, TranslatedUpdate, UpdateEntry
from .share import CARD_SIZE, shareable, update_card
from .swedish import local
from .writer_markdown import safe_tree

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
NSMAP = {"atom": ATOM, "content": CONTENT, "dc": DC, "media": MEDIA}
# Elements of the page that the item's title and date already say.
_NOT_IN_FEED = "//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-nofeed ') or contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"



@dataclass(frozen=True)
class ItemImage:
    url: str  # site-relative
    length: int  # bytes
    mime: str
    size: tuple[int, int] | None  # pixels, where known


def item_image(entry: UpdateEntry, card_lengths: Mapping[str, int]) -> ItemImage | None:
    """The update's own image (never an SVG: share.shareable), else its share
    card (``card_lengths``: the drawn cards' sizes in bytes by address)."""
    image = shareable(entry.update.image)
    if image is not None:
        size = (image.width, image.height) if image.width and image.height else None
        return ItemImage(image.url, image.length, image.mime, size)
    card = update_card(entry)
    return ItemImage(card, card_lengths[card], "image/png", CARD_SIZE) if card in card_lengths else None


@dataclass(frozen=True)
class Channel:
    title: str
    description: str
    page_url: str  # site-relative
    feed_url: str  # site-relative
    language: str = "sv"  # RSS `language`: lättläst is Swedish


@dataclass(frozen=True)
class Item:
    """One item, its words in its feed's language."""

    title: str
    url: str  # site-relative page
    moment: datetime
    summary: str
    author: str | None
    categories: tuple[str, ...]
    image: ItemImage | None
    source: str  # the page's source path, which its ItemContent is kept by


def item_root(page_html: str, lang: str | None = None) -> lxml.html.HtmlElement:
    """The update page's content as a tree, without the parts the item's title
    and date already carry. The search index reads its text from the same tree
    (one parse an update). A translated page's content says its language
    (``lang``, a code of languages.py) on its wrapper, so a reader shows
    Arabic right to left and reads English aloud as English."""
    root = lxml.html.fragment_fromstring(page_html, create_parent="div")
    for element in root.xpath(_NOT_IN_FEED):
        element.drop_tree()
    if lang is not None:
        root.set("lang", LANGUAGES[lang].html_lang)
        root.set("dir", LANGUAGES[lang].dir)
    return root


def feed_html(root: lxml.html.HtmlElement, page_address: str) -> str:
    """``content:encoded`` from item_root(): every link and image made absolute,
    and every address judged as a browser reads it (writer_markdown.safe_tree:
    lxml has decoded the page's character references, so a link the page
    carried as ``jav&#x61;script:`` would reach the feed as ``javascript:``)."""
    root.make_links_absolute(page_address, resolve_base_href=False)
    safe_tree(root)
    return lxml.html.tostring(root, encoding="unicode")


class ItemContent:
    """Each feed item's ``content:encoded``, by update path, from the update
    page as it is rendered until the feeds are written after every page.

    Nearly every update is in some feed (its promise's feed holds its newest
    50), so a national site holds ~17,000 of these at once: kept as they are
    they were ~140 MiB of a build's peak memory. zlib shrinks the HTML several
    times over at a fraction of a millisecond an item, and gives the same bytes
    back, so the feeds stay the same."""

    def __init__(self) -> None:
        self._compressed: dict[str, bytes] = {}

    def add(self, path: str, root: lxml.html.HtmlElement, page_address: str) -> None:
        """``root`` from item_root(); its links are made absolute."""
        # Level 1: most of level 9's saving on repetitive markup, several times faster.
        self._compressed[path] = zlib.compress(feed_html(root, page_address).encode("utf-8"), 1)

    def get(self, path: str) -> str:
        compressed = self._compressed.get(path)
        return "" if compressed is None else zlib.decompress(compressed).decode("utf-8")


# "&" where HTML would start a character reference: before a letter, a digit or "#".
_REFERENCE_START = re.compile(r"&(?=[^\W_]|#)")


def with_look_alikes_for_markup(text: str) -> str:
    """``<`` and ``>`` as the look-alikes ``‹`` and ``›``, and an ``&`` that HTML
    would read as the start of a character reference (``&amp;``, ``&#60;``) as ``＆``.

    For ``title``, ``category`` and ``dc:creator`` and the channel's title and
    description: plain text in RSS 2.0, but many readers and auto-posters show
    them as HTML. Escaping for one kind of reader garbles them in the other, so
    they get no markup characters at all and read the same in both, and no
    ``<script>`` or ``<img onerror>`` comes alive. ``&`` before a space or at the
    end stays: HTML shows it as ``&`` too. lxml still escapes the result for XML."""
    return _REFERENCE_START.sub("\uff06", text.replace("<", "\u2039").replace(">", "\u203a"))


def html_of_plain_text(text: str) -> str:
    """``description`` is HTML in RSS 2.0 ("entity-encoded HTML is allowed"):
    the summary, plain text, goes in HTML-escaped, so a reader that decodes it
    as HTML shows exactly the written text (``&lt;script&gt;`` written on
    purpose stays text). lxml escapes it once more for XML."""
    return html_text.escape(text, quote=False)


def _text(parent: etree._Element, tag: str, text: str, **attrib: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib)
    element.text = text
    return element


def swedish_item(entry: UpdateEntry, card_lengths: Mapping[str, int]) -> Item:
    update = entry.update
    return Item(
        update.title, entry.url, update.moment, entry.summary, update.author, (entry.promise.municipality, *update.tags),
        item_image(entry, card_lengths), update.path,
    )


def translated_item(translated: TranslatedUpdate, card_lengths: Mapping[str, int]) -> Item:
    """Words from the translation, date, sender and image from the original.
    The tags are Swedish words, so they stay out; the municipality is a name.
    The picture is the original's own, else a card in this language where one
    is drawn (beside the translated page), else the original's card."""
    entry = translated.entry
    image = item_image(entry, card_lengths)
    own_card = addresses.update_card(translated.url)
    if shareable(entry.update.image) is None and own_card in card_lengths:
        image = ItemImage(own_card, card_lengths[own_card], "image/png", CARD_SIZE)
    return Item(
        translated.translation.title, translated.url, entry.update.moment, translated.summary, entry.update.author,
        (entry.promise.municipality,), image, translated.translation.path,
    )


def rss(channel: Channel, items: Sequence[Item], site_url: str, html: ItemContent) -> bytes:
    """``items`` newest first, at most FEED_SIZE; ``html`` holds each item's page content by source path."""
    root = etree.Element("rss", nsmap=NSMAP, version="2.0")
    head = etree.SubElement(root, "channel")
    plain = with_look_alikes_for_markup
    _text(head, "title", plain(channel.title))
    _text(head, "link", addresses.absolute(site_url, channel.page_url))
    _text(head, "description", plain(channel.description))
    _text(head, "language", channel.language)
    etree.SubElement(head, f"{{{ATOM}}}link", href=addresses.absolute(site_url, channel.feed_url), rel="self", type="application/rss+xml")
    if items:
        _text(head, "lastBuildDate", email.utils.format_datetime(local(items[0].moment)))
    for entry in items:
        # The page's address is the guid: a translated page's differs from its original's.
        address = addresses.absolute(site_url, entry.url)
        item = etree.SubElement(head, "item")
        _text(item, "title", plain(entry.title))
        _text(item, "link", address)
        _text(item, "guid", address, isPermaLink="true")
        _text(item, "pubDate", email.utils.format_datetime(local(entry.moment)))
        _text(item, "description", html_of_plain_text(entry.summary))
        if entry.author:
            _text(item, f"{{{DC}}}creator", plain(entry.author))
        for category in entry.categories:
            _text(item, "category", plain(category))
        image = entry.image
        if image is not None:
            url = addresses.absolute(site_url, image.url)
            etree.SubElement(item, "enclosure", url=url, length=str(image.length), type=image.mime)
            media = etree.SubElement(item, f"{{{MEDIA}}}content", url=url, medium="image", type=image.mime, fileSize=str(image.length))
            if image.size:
                media.set("width", str(image.size[0]))
                media.set("height", str(image.size[1]))
        _text(item, f"{{{CONTENT}}}encoded", html.get(entry.source))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def channels(site: Site, site_name: str) -> list[tuple[Channel, list[UpdateEntry]]]:
    """Every Swedish feed with its published updates, newest first (not yet cut
    to 50): the national feed, one per municipality and one per promise."""
    result = [
        (
            Channel(site_name, "Uppföljningar av medborgarlöften från alla kommuner.", addresses.HOME, addresses.NATIONAL_FEED),
            site.published(),
        )
    ]
    for municipality in site.municipalities:
        result.append((
            Channel(
                f"Medborgarlöften i {municipality.name}",
                f"Uppföljningar av medborgarlöftena i {municipality.name}.",
                municipality.url,
                municipality.feed_url,
            ),
            [u for u in municipality.updates if u.state is State.PUBLISHED],
        ))
        for entry in municipality.promises:
            result.append((
                Channel(entry.promise.title, f"Uppföljningar av {entry.promise.title}.", entry.url, addresses.promise_feed(entry.promise.id)),
                [u for u in entry.updates if u.state is State.PUBLISHED],
            ))
    return result


# A language feed's title and description, in its language. Not written by
# fluent speakers (like the catalogs' fuzzy entries): to be reviewed. A
# language without its own words here gets the English ones.
CHANNEL_WORDS: dict[str, tuple[str, str]] = {
    "lattlast": ("Medborgarlöften på lättläst svenska", "Nyheter om vad polisen och kommunen gör. På lättläst svenska."),
    "en": ("Citizen promises in English", "Follow-ups of the citizen promises of municipalities and the police, in English."),
    "fi": ("Kansalaislupaukset suomeksi", "Kuntien ja poliisin kansalaislupausten seurannat suomeksi."),
    "ar": ("وعود المواطنين بالعربية", "متابعات وعود المواطنين بين البلديات والشرطة باللغة العربية."),
}


def channel_words(code: str) -> tuple[str, str]:
    if code in CHANNEL_WORDS:
        return CHANNEL_WORDS[code]
    native = LANGUAGES[code].native
    return f"Citizen promises in {native}", f"Follow-ups of the citizen promises of municipalities and the police, in {native}."


def has_feed(edition: Edition) -> bool:
    """A language has a feed when it has a home page to link (pages.translated_specs):
    something is translated into it."""
    return bool(edition.promises or edition.updates)


def language_channels(site: Site, swedish_feed: str | None = None) -> list[tuple[Channel, list[TranslatedUpdate]]]:
    """A feed per language besides Swedish, with its published translated
    updates, newest first (not yet cut to 50). Given the Swedish feed's
    absolute address, a feed with no items yet names it in its description,
    so a subscriber is not left with an empty feed and no way on."""
    result = []
    for code, edition in site.editions.items():
        if has_feed(edition):
            title, description = channel_words(code)
            published = edition.published()
            if swedish_feed and not published:
                note = i18n.words(code).gettext("Inget är översatt hit ännu. Alla uppföljningar finns i flödet på svenska: %(url)s")
                description = f"{description} {note % {'url': swedish_feed}}"
            result.append((Channel(title, description, edition.url, edition.feed_url, LANGUAGES[code].html_lang), published))
    return result


def feed_urls(site: Site) -> list[str]:
    """Every feed's address, Swedish and translated."""
    return [channel.feed_url for channel, _ in channels(site, "")] + [channel.feed_url for channel, _ in language_channels(site)]


def in_feeds(site: Site) -> set[str]:
    """Source paths of the pages (Swedish updates and their translations) some
    feed carries: only their page HTML is kept."""
    swedish = {u.update.path for _, entries in channels(site, "") for u in entries[:FEED_SIZE]}
    return swedish | {t.translation.path for _, translated in language_channels(site) for t in translated[:FEED_SIZE]}


def all_feeds(site: Site, site_url: str, site_name: str, html: ItemContent, card_lengths: Mapping[str, int]) -> dict[str, bytes]:
    """Feed address → bytes."""
    feeds = {
        channel.feed_url: rss(channel, [swedish_item(e, card_lengths) for e in entries[:FEED_SIZE]], site_url, html)
        for channel, entries in channels(site, site_name)
    }
    for channel, translated in language_channels(site, addresses.absolute(site_url, addresses.NATIONAL_FEED)):
        feeds[channel.feed_url] = rss(channel, [translated_item(t, card_lengths) for t in translated[:FEED_SIZE]], site_url, html)
    return feeds
