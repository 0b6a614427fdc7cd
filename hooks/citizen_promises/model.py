"""The site's content as plain typed Python, and every fact the contract derives
from it: what is published, progress, status, current and overdue promises,
addresses and order. No MkDocs, no HTML."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from . import addresses, charts
from .problems import Report
from .slug import slugify
from .swedish import FOLLOW_UP, STOCKHOLM, local, long_date, sort_key

if TYPE_CHECKING:  # translations.py reads this module's records
    from .translations import PromiseTranslation, Translations, UpdateTranslation

PARTIES = ("polisen", "kommunen", "gemensamt")
STATUSES = ("planned", "ongoing", "paused", "done", "cancelled")
FOLLOW_UPS = ("monthly", "quarterly", "yearly", "continuous")
# How old the latest follow-up may be before a current promise is overdue.
OVERDUE_AFTER = {"monthly": timedelta(days=31), "quarterly": timedelta(days=92), "yearly": timedelta(days=366)}


def start_of(day: date) -> datetime:
    """A date alone is midnight at its start, Stockholm time."""
    return datetime.combine(day, time(0), tzinfo=STOCKHOLM)


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str
    organisation: str | None = None


@dataclass(frozen=True)
class Commitment:
    id: str
    text: str
    by: str
    area: str | None = None
    partners: tuple[str, ...] = ()
    target: int | None = None
    unit: str | None = None
    unit_singular: str | None = None  # one of it (contract 2.1): "insats" beside "insatser"

    @property
    def counted(self) -> bool:
        """Whether it counts anything (contract 2.1): only with a target. Without
        one its state is its status alone, and no surface shows it as a number."""
        return self.target is not None


@dataclass(frozen=True)
class Link:
    """A source the writer gives in ``links`` (contract 2.1): the signed
    promise as a PDF, a page of the municipality or the police, an article."""

    text: str
    url: str  # https://, http:// or mailto:, as written (validate.py judges it as a browser reads it)

    @property
    def external(self) -> bool:
        """A page on another site (not a mail address): opened without giving it this window."""
        return not self.url.lower().startswith("mailto:")


@dataclass(frozen=True)
class Promise:
    id: str
    path: str
    municipality: str
    municipality_slug: str
    title: str
    valid_from: date
    valid_until: date
    commitments: tuple[Commitment, ...]
    body: str = ""
    police_area: str | None = None
    signed: date | None = None
    signatories: tuple[Signatory, ...] = ()
    diary_numbers: tuple[tuple[str, str], ...] = ()
    follow_up: str = "continuous"
    channels: tuple[str, ...] = ()
    replaces: str | None = None
    links: tuple[Link, ...] = ()

    @property
    def starts(self) -> datetime:
        return start_of(self.valid_from)

    @property
    def ends(self) -> datetime:
        """The first instant after the period: validity bounds are whole, inclusive days."""
        return start_of(self.valid_until + timedelta(days=1))

    def is_current(self, moment: datetime) -> bool:
        return self.starts <= moment < self.ends


@dataclass(frozen=True)
class Image:
    url: str  # site-relative address of the published file
    alt: str
    length: int  # bytes, for the feed's enclosure
    mime: str
    # Pixels, measured once when the file is found (validate.py), for the feeds'
    # media:content and og:image; None where Pillow cannot read it (SVG, a broken file).
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Update:
    path: str
    title: str
    moment: datetime  # aware, Europe/Stockholm
    promise_id: str
    slug: str
    body: str = ""
    summary: str | None = None  # as written; the derived one lives in UpdateEntry
    progress: Mapping[str, int] = field(default_factory=dict)
    status: Mapping[str, str] = field(default_factory=dict)
    image: Image | None = None
    tags: tuple[str, ...] = ()
    author: str | None = None
    draft: bool = False
    links: tuple[Link, ...] = ()

    @property
    def order(self) -> tuple[float, str]:
        """Newest first; updates at the same instant go by file path."""
        return (-self.moment.timestamp(), self.path)


class State(enum.Enum):
    PUBLISHED = "published"
    DRAFT = "draft"  # shown only in the preview
    SCHEDULED = "scheduled"  # dated after the build date; shown only in the preview


@dataclass
class UpdateEntry:
    update: Update
    promise: Promise
    url: str
    state: State
    summary: str  # the update's `summary`, else its body's first paragraph, as plain text
    # Progress of the promise's commitments as of this update (this one included).
    totals: dict[str, int] = field(default_factory=dict)


@dataclass
class CommitmentProgress:
    commitment: Commitment
    done: int
    status: str
    # The running total by month, for the progress chart (charts.series).
    series: charts.Series = field(default_factory=charts.Series)

    @property
    def shown(self) -> bool:
        """Whether its count is shown: only a commitment with a target counts
        (contract 2.1); the words for the count are counts.py's."""
        return self.commitment.counted

    @property
    def percent(self) -> int | None:
        target = self.commitment.target
        return None if target is None else round(100 * self.done / target)


@dataclass(frozen=True)
class Period:
    """How much of a promise's period has passed at the build date ("Månad 14 av 24")."""

    phase: str  # "upcoming", "current" or "ended"
    months: int  # calendar months the period touches: 1 Jan – 31 Dec is 12
    month: int  # the calendar month of the period the build date is in; 0 before, ``months`` after
    percent: int  # of the period's days passed, 0–100

    @classmethod
    def of(cls, promise: Promise, built_at: datetime) -> Period:
        first, last = promise.valid_from, promise.valid_until
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if built_at < promise.starts:
            return cls("upcoming", months, 0, 0)
        if built_at >= promise.ends:
            return cls("ended", months, months, 100)
        today = local(built_at).date()
        month = (today.year - first.year) * 12 + today.month - first.month + 1
        passed = (built_at - promise.starts) / (promise.ends - promise.starts)
        return cls("current", months, month, min(100, int(100 * passed)))


@dataclass
class PromiseEntry:
    promise: Promise
    url: str
    updates: list[UpdateEntry]  # visible, newest first
    progress: list[CommitmentProgress]
    current: bool
    last_follow_up: datetime | None  # newest published update
    overdue: bool
    period: Period
    latest: UpdateEntry | None = None  # the newest published update (never a draft)
    # When the next follow-up is due by the promise's `follow_up`: only while it is current.
    follow_up_due: datetime | None = None

    @cached_property
    def status_counts(self) -> dict[str, int]:
        """How many commitments have each status, in STATUSES' order, zeros included."""
        counts = dict.fromkeys(STATUSES, 0)
        for item in self.progress:
            counts[item.status] += 1
        return counts

    @property
    def done_count(self) -> int:
        """How many commitments are done ("3 av 5 åtaganden klara")."""
        return self.status_counts["done"]

    @property
    def areas(self) -> list[tuple[str | None, list[CommitmentProgress]]]:
        """Commitments grouped by area, in the order the areas first appear."""
        groups: dict[str | None, list[CommitmentProgress]] = {}
        for item in self.progress:
            groups.setdefault(item.commitment.area, []).append(item)
        return list(groups.items())

    @property
    def overdue_text(self) -> str:
        cadence = FOLLOW_UP[self.promise.follow_up]
        if self.last_follow_up is None:
            return f"Ingen uppföljning har publicerats ännu. Löftet anger uppföljning {cadence}."
        return (
            f"Senaste uppföljningen publicerades {long_date(self.last_follow_up)}. "
            f"Löftet anger uppföljning {cadence}."
        )


@dataclass
class Municipality:
    name: str
    slug: str
    promises: list[PromiseEntry]  # newest period first
    updates: list[UpdateEntry]  # visible, newest first

    @cached_property
    def featured(self) -> list[PromiseEntry]:
        """What its pages show first: its current promises or, with none, its latest."""
        return self.current or self.promises[:1]

    @property
    def has_current(self) -> bool:
        return any(p.current for p in self.promises)

    @cached_property
    def last_follow_up(self) -> datetime | None:
        """Its newest published update's moment, whichever promise it follows up."""
        return max((p.last_follow_up for p in self.promises if p.last_follow_up is not None), default=None)

    @property
    def overdue(self) -> bool:
        return any(p.overdue for p in self.promises)

    @property
    def url(self) -> str:
        return addresses.municipality(self.slug)

    @property
    def feed_url(self) -> str:
        return addresses.municipality_feed(self.slug)

    @property
    def current(self) -> list[PromiseEntry]:
        return [p for p in self.promises if p.current]


# A tag's address may be as long as an update's (validate.MAX_SLUG): each is a
# folder of the published site, and a file name has at most 255 bytes.
MAX_TAG_SLUG = 100


def tag_slug(written: str) -> str:
    """The address of a tag's page, or "" for a tag that gets none: its slug is
    empty (only signs or emoji) or longer than MAX_TAG_SLUG."""
    slug = slugify(written)
    return slug if len(slug) <= MAX_TAG_SLUG else ""


@dataclass(frozen=True)
class Tag:
    """The updates that carry a tag; tags that slug alike share one."""

    slug: str
    name: str  # the spelling most updates use (each counts a spelling once); of equally many, the first in Swedish order
    updates: list[UpdateEntry]  # visible, newest first


@dataclass(frozen=True)
class National:
    """The whole country at the build date, for the home page."""

    municipalities: int
    promises: int
    current: int  # promises current at the build date
    overdue: int  # current promises whose follow-up is overdue
    commitments: int  # in the current promises
    done: int  # of those, done
    published: int  # published updates


@dataclass
class Site:
    built_at: datetime
    preview: bool
    municipalities: list[Municipality]  # Swedish alphabetical order
    promises: dict[str, PromiseEntry]
    updates: list[UpdateEntry]  # visible, newest first
    # The other languages the site publishes, each with what is translated into it
    # (languages listed in mkdocs.yml in that order; set by translate_site).
    editions: dict[str, Edition] = field(default_factory=dict)

    def published(self) -> list[UpdateEntry]:
        """What feeds carry: never a draft or a scheduled update, not even in the preview."""
        return [u for u in self.updates if u.state is State.PUBLISHED]

    @cached_property
    def national(self) -> National:
        current = [p for p in self.promises.values() if p.current]
        return National(
            municipalities=len(self.municipalities),
            promises=len(self.promises),
            current=len(current),
            overdue=sum(p.overdue for p in current),
            commitments=sum(len(p.progress) for p in current),
            done=sum(p.done_count for p in current),
            published=sum(u.state is State.PUBLISHED for u in self.updates),
        )

    @cached_property
    def tags(self) -> list[Tag]:
        """Every tag of a visible update, in Swedish alphabetical order of its name.
        A tag whose slug is empty (only signs, say) gets no page."""
        by_slug: dict[str, list[UpdateEntry]] = defaultdict(list)
        spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for entry in self.updates:  # newest first, so each tag's list is too
            seen: set[str] = set()
            for written in entry.update.tags:  # each spelling once (validate)
                slug = tag_slug(written)
                spellings[slug][written] += 1
                if slug and slug not in seen:
                    seen.add(slug)
                    by_slug[slug].append(entry)
        tags = []
        for slug, entries in by_slug.items():
            name = min(spellings[slug].items(), key=lambda item: (-item[1], sort_key(item[0])))[0]
            tags.append(Tag(slug, name, entries))
        tags.sort(key=lambda t: (sort_key(t.name), t.slug))
        return tags


def _state(update: Update, built_at: datetime) -> State:
    if update.draft:
        return State.DRAFT
    if update.moment > built_at:
        return State.SCHEDULED
    return State.PUBLISHED


def _progress(promise: Promise, updates: list[UpdateEntry], built_at: datetime) -> list[CommitmentProgress]:
    result = []
    for commitment in promise.commitments:
        done = sum(u.update.progress.get(commitment.id, 0) for u in updates)
        # updates are newest first, so the first explicit status is the latest
        explicit = next((u.update.status[commitment.id] for u in updates if commitment.id in u.update.status), None)
        if explicit is not None:
            status = explicit
        elif commitment.target is not None and done >= commitment.target:
            status = "done"
        elif done > 0:
            status = "ongoing"
        else:
            status = "planned"
        reports = [(u.update.moment, u.update.progress[commitment.id]) for u in updates if commitment.id in u.update.progress]
        series = charts.series(reports, promise.valid_from, promise.valid_until, built_at, commitment.text, commitment.target, commitment.unit)
        result.append(CommitmentProgress(commitment, done, status, series))
    return result


# An update's summary from what is written in its `summary` and its body
# (summary.Summaries: the rule needs Markdown, which the model does not import).
Summarize = Callable[[str | None, str], str]


def build_site(
    promises: list[Promise], updates: list[Update], built_at: datetime, preview: bool, report: Report, summarize: Summarize,
    uncounted: frozenset[str] = frozenset(),
) -> Site:
    """Derive the site from validated records. Linear in the number of updates
    apart from one sort. ``report`` receives the contract's notices and warnings.
    ``uncounted``: ids of promises with an update file that has errors; until it
    is fixed their latest follow-up is unknown, so they are not called overdue."""
    by_id = {p.id: p for p in promises}
    visible: dict[str, list[UpdateEntry]] = defaultdict(list)
    all_visible: list[UpdateEntry] = []
    for update in sorted(updates, key=lambda u: u.order):
        promise = by_id[update.promise_id]
        state = _state(update, built_at)
        if state is State.DRAFT:
            report.notice(update.path, "draft", "utkast – publiceras inte förrän draft tas bort eller sätts till false.")
        elif state is State.SCHEDULED:
            report.notice(update.path, "date", f"daterad {long_date(update.moment)} och publiceras inte förrän då.")
        elif update.moment < promise.starts:
            report.warning(
                update.path,
                "date",
                f"uppföljningen är daterad {long_date(update.moment)}, före löftets början "
                f"{long_date(promise.valid_from)}. Den publiceras ändå.",
                "Kontrollera datumet och fältet promise.",
            )
        if state is not State.PUBLISHED and not preview:
            continue
        url = addresses.update(promise.municipality_slug, update.moment, update.slug)
        entry = UpdateEntry(update, promise, url, state, summarize(update.summary, update.body))
        visible[promise.id].append(entry)
        all_visible.append(entry)

    entries: dict[str, PromiseEntry] = {}
    for promise in promises:
        own = visible[promise.id]
        running: dict[str, int] = defaultdict(int)
        for update_entry in reversed(own):  # oldest first
            for commitment_id, count in update_entry.update.progress.items():
                running[commitment_id] += count
            update_entry.totals = dict(running)
        published = [u for u in own if u.state is State.PUBLISHED]
        last = published[0].update.moment if published else None
        current = promise.is_current(built_at)
        limit = OVERDUE_AFTER.get(promise.follow_up)
        overdue = current and limit is not None and built_at - (last or promise.starts) > limit and promise.id not in uncounted
        due = (last or promise.starts) + limit if current and limit is not None else None
        # In the preview, drafts count too: the writer sees what publishing them would do.
        promise_entry = PromiseEntry(
            promise, addresses.promise(promise.id), own, _progress(promise, own, built_at), current, last, overdue,
            Period.of(promise, built_at), published[0] if published else None, due,
        )
        entries[promise.id] = promise_entry
        if overdue:
            report.notice(promise.path, "follow_up", f"uppföljningen är försenad. {promise_entry.overdue_text}")

    grouped: dict[str, list[PromiseEntry]] = defaultdict(list)
    for promise_entry in entries.values():
        grouped[promise_entry.promise.municipality_slug].append(promise_entry)
    municipalities = []
    for slug, own_promises in grouped.items():
        own_promises.sort(key=lambda e: (e.promise.valid_from, e.promise.id), reverse=True)
        own_updates = sorted((u for e in own_promises for u in e.updates), key=lambda u: u.update.order)
        municipalities.append(Municipality(own_promises[0].promise.municipality, slug, own_promises, own_updates))
    municipalities.sort(key=lambda m: sort_key(m.name))
    site = Site(built_at, preview, municipalities, entries, all_visible)
    _note_tags(site, report)
    return site


# Spellings a notice names at most: a page's spellings grow with the updates.
_SPELLINGS_NAMED = 5


def _quoted(text: str, limit: int = 60) -> str:
    """«text», shortened: a tag is as long as a writer made it."""
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


def _note_tags(site: Site, report: Report) -> None:
    """Notices on each visible update with a tag that gets no page (its slug
    is empty: only signs or emoji), or whose page it shares with a spelling
    that differs in more than letter case (C++ and C# both become /taggar/c/)."""
    names = {tag.slug: tag.name for tag in site.tags}
    spellings: dict[str, set[str]] = defaultdict(set)
    for entry in site.updates:
        for written in entry.update.tags:
            spellings[tag_slug(written)].add(written)
    shared = {slug for slug, written in spellings.items() if slug and len({w.casefold() for w in written}) > 1}
    for entry in site.updates:
        noted: set[str] = set()
        for written in entry.update.tags:
            slug = tag_slug(written)
            if not slug and slugify(written):
                report.notice(
                    entry.update.path, "tags",
                    f"taggen {_quoted(written)} får ingen sida: dess adress blir {len(slugify(written))} tecken lång, "
                    f"men får vara högst {MAX_TAG_SLUG}.",
                    "Skriv ämnet med ett eller några ord, till exempel «trygghetsvandring».",
                )
            elif not slug:
                report.notice(
                    entry.update.path, "tags",
                    f"taggen {_quoted(written)} får ingen sida: sidans adress görs av taggens bokstäver och siffror, "
                    "och den har inga som kan stå i en adress (a–z, å, ä, ö, 0–9).",
                    "Skriv taggen med bokstäver eller siffror, till exempel «trygghet», eller ta bort den.",
                )
            elif slug in shared and slug not in noted:
                noted.add(slug)
                listed = [_quoted(w) for w in sorted(spellings[slug], key=sort_key)]
                if len(listed) > _SPELLINGS_NAMED:
                    listed[_SPELLINGS_NAMED - 1:] = [f"{len(listed) - _SPELLINGS_NAMED + 1} till"]
                both = ", ".join(listed[:-1]) + " och " + listed[-1]
                report.notice(
                    entry.update.path, "tags",
                    f"taggarna {both} får samma sida /{addresses.tag(slug)}, som heter {_quoted(names[slug])} "
                    "efter den stavning flest uppföljningar använder.",
                    "Är det samma ämne, skriv taggen likadant överallt. Är det olika ämnen, skilj dem åt med bokstäver "
                    "eller siffror: tecken som + och # och skillnader i stora och små bokstäver blir inte en del av adressen.",
                )


@dataclass
class TranslatedPromise:
    """A promise in another language: its words from the translation, every
    number, date and status from the Swedish original's entry."""

    entry: PromiseEntry
    translation: PromiseTranslation
    url: str

    @property
    def title(self) -> str | None:
        """The translated title; None means the Swedish one is shown, marked so."""
        return self.translation.title

    def commitment_text(self, commitment: Commitment) -> str | None:
        """The commitment in this language; None means it is shown in Swedish."""
        return self.translation.commitments.get(commitment.id)

    def area(self, name: str) -> str | None:
        return self.translation.areas.get(name)


@dataclass
class TranslatedUpdate:
    entry: UpdateEntry
    translation: UpdateTranslation
    url: str
    summary: str  # the translation's `summary`, else its body's first paragraph

    @property
    def moment(self) -> datetime:
        return self.entry.update.moment


@dataclass
class Edition:
    """What exists in one language besides Swedish."""

    code: str
    url: str  # the language's home page
    feed_url: str
    promises: dict[str, TranslatedPromise]  # by promise id
    updates: list[TranslatedUpdate]  # visible, newest first, as the Swedish ones
    by_path: dict[str, TranslatedUpdate]  # by the Swedish update's path

    @property
    def municipalities(self) -> list[str]:
        """Slugs of the municipalities with a page in this language: one of their promises is translated."""
        return sorted({t.entry.promise.municipality_slug for t in self.promises.values()})

    def published(self) -> list[TranslatedUpdate]:
        """What the language's feed carries: as Site.published(), never a draft, not even in the preview."""
        return [t for t in self.updates if t.entry.state is State.PUBLISHED and not t.translation.draft]


def translate_site(site: Site, languages: tuple[str, ...], translations: Translations, summarize: Summarize, report: Report) -> None:
    """Give ``site`` an edition per listed language. A translation is published
    with its original; in the preview, drafts show as the Swedish ones do."""
    updates_by_path = {u.update.path: u for u in site.updates}
    for code in languages:
        promises: dict[str, TranslatedPromise] = {}
        for promise_translation in translations.promises:
            entry = site.promises.get(promise_translation.promise_id)
            if promise_translation.lang != code or entry is None or (promise_translation.draft and not site.preview):
                continue
            promises[entry.promise.id] = TranslatedPromise(entry, promise_translation, addresses.translated(code, entry.url))
        by_path: dict[str, TranslatedUpdate] = {}
        for update_translation in translations.updates:
            if update_translation.lang != code or (update_translation.draft and not site.preview):
                continue
            update_entry = updates_by_path.get(update_translation.original)
            if update_entry is None:
                # Not visible: a draft or scheduled original in a build that publishes.
                report.notice(
                    update_translation.path, "", f"publiceras inte förrän originalet {update_translation.original} publiceras.",
                )
                continue
            summary = summarize(update_translation.summary, update_translation.body)
            by_path[update_entry.update.path] = TranslatedUpdate(
                update_entry, update_translation, addresses.translated(code, update_entry.url), summary,
            )
        ordered = sorted(by_path.values(), key=lambda t: t.entry.update.order)
        site.editions[code] = Edition(code, addresses.language_home(code), addresses.language_feed(code), promises, ordered, by_path)

