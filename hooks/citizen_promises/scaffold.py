"""`make ny-uppdatering KOMMUN=<slug>` and `make nytt-lofte KOMMUN=<namn>`
(`python -m citizen_promises ny-uppdatering|nytt-lofte`): write a new,
correctly named content file with the front matter filled in.

The written file passes validation as it is: a new update is a draft until
the writer removes `draft: true`, and a new promise's period is checked
against the same limits as `make check` before anything is written. Files
are created by new_files, inside promises/ and updates/ only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import counts, i18n, swedish
from .content import build_moment, docs_dir, read_content
from .load import PROMISES_DIR, UPDATES_DIR
from .model import FOLLOW_UPS, PARTIES, STATUSES, Commitment, Municipality, Promise, Site
from .new_files import Refusal, create
from .problems import Report
from .slug import slugify
from .sweden import MUNICIPALITIES
from .validate import FIRST_YEAR, LAST_YEAR, MAX_SLUG, MAX_TITLE, MAX_YEARS, closest, latest_end


def _environment() -> Environment:
    # YAML, not HTML: nothing to escape, but values are quoted by the `yaml` filter.
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_text
    env.filters["kommun"] = swedish.kommun
    env.filters["long_date"] = swedish.long_date
    # A comment is one line: a text written over several lines would end it.
    env.filters["oneline"] = lambda text: " ".join(str(text).split())
    return env


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar, written by PyYAML: safe for any text, colons and # included."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10**9).rstrip("\n")


def _find(site: Site, wanted: str) -> Municipality | None:
    key = slugify(wanted)
    return next((m for m in site.municipalities if m.slug == key or m.slug == wanted or m.name.lower() == wanted.lower()), None)


def _unknown(site: Site, wanted: str) -> Refusal:
    names = [m.name for m in site.municipalities]
    slugs = {m.slug: m.name for m in site.municipalities}
    near = closest(wanted, names, n=3) + [slugs[s] for s in closest(slugify(wanted), slugs, n=3)]
    near = sorted(set(near), key=swedish.sort_key)
    hint = f" Menade du {' eller '.join(near)}?" if near else ""
    listed = ", ".join(f"{m.slug} ({m.name})" for m in site.municipalities)
    return Refusal(f"Kommunen «{wanted}» finns inte bland löftena.{hint}\nKända kommuner: {listed}.")


def _free_path(root: Path, folder: PurePosixPath, stem: str) -> PurePosixPath:
    # A link leading nowhere is not free: create() refuses it, naming it.
    candidate, number = folder / f"{stem}.md", 2
    while (root / candidate).exists():
        candidate, number = folder / f"{stem}-{number}.md", number + 1
    return candidate


def _name_words(title: str) -> str:
    """The file name's words after the date, from the title: cut between
    words to fit an update's address (MAX_SLUG), with room for -2, -3 …"""
    words = slugify(title)
    limit = MAX_SLUG - len("-999")
    if len(words) > limit:
        cut = words[: limit + 1]
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut[:limit]
    return words or "ny-uppfoljning"


def new_update(root: Path, wanted: str, today: date, title: str = "") -> PurePosixPath:
    """The new update's path, relative to ``root``."""
    # Published updates only: the comments say how far the promise has come today.
    site, report, _ = read_content(root, docs_dir(root), build_moment(), preview=False)
    if not wanted:
        raise Refusal("Ange kommunen, till exempel: make ny-uppdatering KOMMUN=nassjo")
    if len(title) > MAX_TITLE:
        raise Refusal(
            f"RUBRIK har {len(title)} tecken, men en rubrik får ha högst {MAX_TITLE}. Ingen fil skrevs. "
            "Skriv en kortare rubrik; resten får plats i sammanfattningen eller texten."
        )
    municipality = _find(site, wanted)
    if municipality is None:
        _refuse_if_unreadable(report, slugify(wanted))
        raise _unknown(site, wanted)
    if not municipality.current:
        latest = municipality.promises[0].promise
        raise Refusal(
            f"{municipality.name} har inget medborgarlöfte som gäller {swedish.long_date(today)}. "
            f"Det senaste, {latest.id}, gällde {swedish.long_date(latest.valid_from)} – {swedish.long_date(latest.valid_until)}. "
            "Skriv först ett nytt löfte: make nytt-lofte KOMMUN=" + municipality.slug
        )
    entry = max(municipality.current, key=lambda e: e.promise.valid_from)
    # The file name gives the address: from the title when there is one.
    path = _free_path(root, PurePosixPath(UPDATES_DIR, municipality.slug), f"{today.isoformat()}-{_name_words(title)}")
    text = _environment().get_template("new-update.yaml.md").render(
        entry=entry, today=today, title=title, STATUS=swedish.STATUS, statuses=_listed(STATUSES), progress=_progress,
    )
    create(root, path, text)
    return path


def _progress(commitment: Commitment, done: int) -> str:
    """``1 av 15 insatser``, as the Swedish site says it (counts.py)."""
    if commitment.target is None:
        raise ValueError(f"commitment {commitment.id} has no target and counts nothing")
    return str(counts.of_target(i18n.words(i18n.SWEDISH), counts.unit_of(commitment), done, commitment.target))


@dataclass(frozen=True)
class Period:
    start: date
    until: date
    why: str  # how it was chosen, in Swedish, for the output


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s (``day`` is a first)."""
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def next_period(previous: Promise | None, today: date) -> Period:
    """The period a new promise defaults to: as long as the previous one, from
    the day after it ended (though not before this year), else this calendar year."""
    year_start = date(today.year, 1, 1)
    if previous is None:
        return Period(year_start, date(today.year, 12, 31), f"kalenderåret {today.year}, eftersom kommunen inte har något tidigare löfte")
    after = previous.valid_until + timedelta(days=1)
    start = max(after, year_start)
    end_exclusive = previous.valid_until + timedelta(days=1)
    months = (end_exclusive.year - previous.valid_from.year) * 12 + end_exclusive.month - previous.valid_from.month
    if previous.valid_from.day == 1 and end_exclusive.day == 1 and start.day == 1:
        until = _add_months(start, months) - timedelta(days=1)  # whole months stay whole months
    else:
        until = start + (previous.valid_until - previous.valid_from)
    ran = f"{swedish.long_date(previous.valid_from)} – {swedish.long_date(previous.valid_until)}"
    when = "från dagen efter att det slutade" if start == after else "från början av i år, eftersom det slutade tidigare"
    return Period(start, until, f"lika länge som det förra löftet, {previous.id} ({ran}), {when}")


def _day_argument(text: str, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refusal(f"{name}={text} är inget datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel {name}=2025-01-01.") from None


def _check_period(period: Period, asked: bool) -> None:
    """Refuse, before writing, a period `make check` would refuse: years the
    site shows, TILL not before FRAN, at most MAX_YEARS years."""
    hint = "" if asked else " (det är perioden som föreslås; ange en annan med FRAN och TILL)"
    for name, day in (("FRAN", period.start), ("TILL", period.until)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise Refusal(
                f"{name}={day.isoformat()} ligger utanför de år webbplatsen visar, {FIRST_YEAR}–{LAST_YEAR}{hint}. "
                f"Ingen fil skrevs. Ange ett datum mellan {FIRST_YEAR}-01-01 och {LAST_YEAR}-12-31."
            )
    if period.until < period.start:
        raise Refusal(f"TILL={period.until.isoformat()} ligger före FRAN={period.start.isoformat()}. Kontrollera datumen.")
    if period.until > (last := latest_end(period.start)):
        raise Refusal(
            f"FRAN={period.start.isoformat()} och TILL={period.until.isoformat()} ger ett löfte som gäller längre än "
            f"{MAX_YEARS} år, och längre får ett medborgarlöfte inte gälla{hint}. Ingen fil skrevs. "
            f"Välj TILL={last.isoformat()} eller tidigare, eller dela upp perioden på två löften."
        )


def new_promise(root: Path, wanted: str, today: date, start: str = "", until: str = "") -> tuple[PurePosixPath, str]:
    """The new promise's file, and what its output says about the period chosen."""
    site, report, _ = read_content(root, docs_dir(root), build_moment(), preview=True)
    if not wanted:
        raise Refusal('Ange kommunens namn, till exempel: make nytt-lofte KOMMUN="Nässjö"')
    municipality = _find(site, wanted)
    if municipality is None:
        near = closest(wanted, [m.name for m in site.municipalities], n=3)
        if near:
            raise Refusal(
                f"«{wanted}» liknar {' eller '.join(near)}, som redan finns. "
                f"Skriv namnet exakt som det redan står om det är samma kommun."
            )
        official = {m.lower(): m for m in MUNICIPALITIES}
        if wanted.strip().lower() not in official:
            near = closest(wanted.strip(), MUNICIPALITIES, n=3)
            hint = f" Menade du {' eller '.join(near)}?" if near else ""
            raise Refusal(f"«{wanted}» är inte namnet på någon av Sveriges 290 kommuner.{hint}")
        name = official[wanted.strip().lower()]
        slug = slugify(name)
        _refuse_if_unreadable(report, slug)
    else:
        name, slug = municipality.name, municipality.slug
    previous = max((e.promise for e in municipality.promises), key=lambda p: p.valid_until) if municipality else None
    period = next_period(previous, today)
    chosen_start, chosen_until = _day_argument(start, "FRAN"), _day_argument(until, "TILL")
    if chosen_start or chosen_until:
        period = Period(chosen_start or period.start, chosen_until or period.until, "som du angav med FRAN och TILL")
    _check_period(period, asked=bool(chosen_start or chosen_until))
    years = str(period.start.year) if period.start.year == period.until.year else f"{period.start.year}-{period.until.year}"
    promise_id = f"{slug}-{years}"
    path = PurePosixPath(PROMISES_DIR, f"{promise_id}.md")
    if (root / path).exists():
        raise Refusal(
            f"Löftet {path} finns redan. Öppna det i stället, eller välj en annan period "
            f'med make nytt-lofte KOMMUN="{name}" FRAN=ÅÅÅÅ-MM-DD TILL=ÅÅÅÅ-MM-DD.'
        )
    explicit_slug = municipality is not None and municipality.slug != slugify(municipality.name)
    text = _environment().get_template("new-promise.yaml.md").render(
        name=name, slug=slug, explicit_slug=explicit_slug, start=period.start, until=period.until,
        police_area=previous.police_area if previous else None,
        follow_up=previous.follow_up if previous else "monthly", follow_ups=_listed(FOLLOW_UPS),
        parties=_listed(PARTIES), replaces=previous.id if previous and not (chosen_start or chosen_until) else None,
    )
    create(root, path, text)
    replaces = f" Det ersätter {previous.id} (fältet replaces)." if previous and not (chosen_start or chosen_until) else ""
    said = (
        f"Löftet gäller {swedish.long_date(period.start)} – {swedish.long_date(period.until)}: {period.why}.{replaces}\n"
        "En annan period: ändra valid_from och valid_until i filen (och årtalen i filnamnet, som blir löftets id), "
        f'eller ta bort filen och skriv make nytt-lofte KOMMUN="{name}" FRAN=ÅÅÅÅ-MM-DD TILL=ÅÅÅÅ-MM-DD.'
    )
    return path, said


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(values[:-1]) + " eller " + values[-1]


def _refuse_if_unreadable(report: Report, slug: str) -> None:
    """A municipality whose promise files all have errors is missing from the
    site: say that, not that it has no promise (and do not write a second one)."""
    broken = sorted({p.file for p in report.errors if p.file.startswith(f"promises/{slug}-") or p.file == f"promises/{slug}.md"})
    if broken:
        raise Refusal(
            f"{' och '.join(broken)} har fel och kan inte läsas, så den kommunen syns inte än. "
            "Rätta felet först (make check visar det) och försök sedan igen."
        )


def update_command(root: Path, municipality: str, title: str) -> int:
    """`make ny-uppdatering`: the new file's path on a line of its own (for
    scripts), then what to do next; or why nothing was written. The exit status."""
    try:
        path = new_update(root, municipality.strip(), build_moment().date(), title.strip())
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    print(path.as_posix())
    print("Uppföljningen är ett utkast: skriv texten, rapportera åtagandena och ta bort raden draft: true när den ska publiceras.")
    return 0


def promise_command(root: Path, municipality: str, start: str, until: str) -> int:
    """`make nytt-lofte`: the new file's path on a line of its own, then the
    period chosen and why; or why nothing was written. The exit status."""
    try:
        path, said = new_promise(root, municipality.strip(), build_moment().date(), start.strip(), until.strip())
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    print(path.as_posix())
    print(said)
    return 0

