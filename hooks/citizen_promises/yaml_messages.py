"""YAML's syntax errors in Swedish, for a writer: which line and character,
what the likely slip is, and how to write it instead.

The parser's own words ("mapping values are not allowed in this context") say
what the grammar expected, not what the writer did. The common slips are few: a
colon in unquoted text, typographic quotes (”…”) that YAML does not count as
quotes, a tab, a line indented wrong, a missing colon, a quote never closed, and
a missing line of --- before or after the fields. Every message is one line and
names the line (and, where it helps, the character) as an editor counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$")
# A field name with a colon glued to its value: "title:Möte".
_NO_SPACE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*):(\S.*)$")
_TYPOGRAPHIC_QUOTES = "”“„«»’‘"
# What Word and Outlook make of --- (dashes, a minus sign), or too few hyphens.
_DASH_LOOKALIKES = re.compile(r"^\s*(?:[—–―−‒]+|-{1,2}|(?:-\s+){2,}-)\s*$")


@dataclass(frozen=True)
class Explanation:
    field: str  # the field on the line, "" when none can be seen
    message: str
    hint: str


def _scalar(value: str) -> str:
    """A quoted YAML scalar of ``value``, written by PyYAML: double quotes,
    or single ones when the text has a double quote (easier to read than \\")."""
    style = "'" if '"' in value else '"'
    return yaml.safe_dump(value, default_style=style, allow_unicode=True, width=10**9).rstrip("\n").removesuffix("\n...")


def _quoted_example(key: str, value: str) -> str:
    value = value.strip()
    # Typographic quotes around the whole text were meant as quotes; inside it they are text.
    if len(value) > 1 and value[0] in _TYPOGRAPHIC_QUOTES and value[-1] in _TYPOGRAPHIC_QUOTES:
        value = value[1:-1]
    return f"{key}: {_scalar(value)}"


def _started(exc: yaml.YAMLError, where: str) -> str:
    """The line where what the parser was reading began (a quote, a list), else ``where``."""
    start = getattr(exc, "context_mark", None)
    return f"rad {start.line + 1}" if start is not None else where


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _field_column(line: str) -> int:
    """Where a line's field name starts: after the spaces, and after "- " in a list."""
    found = re.match(r"^(\s*(?:-\s+)?)", line)
    return len(found.group(1)) if found else 0


def _spaces(count: int) -> str:
    return "1 mellanslag" if count == 1 else f"{count} mellanslag"


def _previous(lines: list[str], index: int) -> tuple[int, str]:
    """The nearest line above ``index`` with something on it besides a comment."""
    for number in range(index - 1, -1, -1):
        if lines[number].strip() and not lines[number].lstrip().startswith("#"):
            return number, lines[number]
    return -1, ""


def _looks_like_text(line: str) -> bool:
    """A line of running text (the body) rather than a field: no "name:", words with spaces."""
    stripped = line.strip()
    return bool(stripped) and not _KEY_LINE.match(line) and not stripped.startswith(("-", "#")) and " " in stripped


def _last_field(lines: list[str], before: int) -> int:
    """The index of the last line of fields before line ``before``, or -1."""
    for number in range(before - 1, -1, -1):
        line = lines[number]
        if line.strip() and not _looks_like_text(line) and not line.lstrip().startswith("#"):
            return number
    return -1


def _typographic(line: str) -> int:
    """Where the first typographic quote on a line is (0-based), or -1."""
    positions = [line.find(q) for q in _TYPOGRAPHIC_QUOTES if q in line]
    return min(positions) if positions else -1


def explain(exc: yaml.YAMLError, raw: str) -> Explanation:
    """``raw`` is the front matter as split from the file: its line n (0-based)
    is the file's line n + 1, since the split keeps the first --- line's end."""
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    lines = raw.split("\n")
    if mark is None:
        return Explanation("", "front matter går inte att läsa.", "Kontrollera kolon, indrag och citattecken.")
    index = min(mark.line, len(lines) - 1)
    line = lines[index]
    # The field the line belongs to: the nearest line above that starts one.
    key = ""
    for candidate in reversed(lines[: index + 1]):
        if (found := _KEY_LINE.match(candidate)) and not found.group(1):
            key = found.group(2)
            break
    where = f"rad {mark.line + 1}"
    fix_line = "Rätta raden och spara igen."

    tab = line.find("\t")
    if "tab" in problem or 0 <= tab <= mark.column:
        column = max(tab, 0) + 1
        start = "börjar med ett tabbtecken" if not line[: max(tab, 0)].strip() else f"har ett tabbtecken på tecken {column}"
        return Explanation(
            key,
            f"{where} {start}. YAML räknar indrag i mellanslag och kan inte läsa en tabb där.",
            "Byt tabbtecknet mot mellanslag (två mellanslag per nivå, som i mallarna).",
        )
    quote = _typographic(line)
    if quote >= 0 and ("mapping values" in problem or "expected key" in problem or "cannot start" in problem):
        match = _KEY_LINE.match(line)
        example = f" Skriv till exempel {_quoted_example(match.group(2), match.group(3) or '')}" if match else ""
        colon = f"; därför läser YAML kolonet på tecken {mark.column + 1} som början på ett nytt fält" if "mapping values" in problem else ""
        return Explanation(
            match.group(2) if match else key,
            f"texten på {where} har typografiska citattecken ({line[quote]} på tecken {quote + 1}), "
            f"som YAML läser som vanliga tecken och inte som citattecken{colon}.",
            f"Sätt raka citattecken \" runt hela texten (typografiska citattecken inne i texten går bra).{example}".rstrip()
            + ("." if example else ""),
        )
    if "mapping values are not allowed" in problem:
        above, previous = _previous(lines, index)
        if above >= 0 and previous[:1] not in (" ", "-") and not _KEY_LINE.match(previous) and _KEY_LINE.match(line):
            # "title X" or "title:X" on the line above: YAML read it as text that goes on here.
            glued = _NO_SPACE.match(previous)
            if glued:
                return Explanation(
                    glued.group(2),
                    f"rad {above + 1} saknar mellanslag efter kolonet (tecken {len(glued.group(1)) + len(glued.group(2)) + 1}).",
                    f"Skriv ett mellanslag mellan kolonet och värdet: «{glued.group(2)}: {glued.group(3)}».",
                )
            return Explanation(
                "",
                f"rad {above + 1} («{previous.strip()[:40]}») saknar kolon efter fältnamnet.",
                "Skriv fältet som «namn: värde», med kolon och ett mellanslag efter namnet.",
            )
        previous_field = _KEY_LINE.match(previous)
        if line[:1].isspace() and previous_field and (previous_field.group(3) or "").strip():
            own, wanted = _indent(line), _field_column(previous)
            fix = (
                "Ta bort mellanslagen i början av raden, så att fältet börjar längst till vänster som de andra."
                if wanted == 0
                else f"Ge raden samma indrag som raden ovanför, {_spaces(wanted)}."
            )
            return Explanation(
                key,
                f"{where} börjar med {_spaces(own)}, som om den hörde till fältet «{previous_field.group(2)}» på raden ovanför, "
                "men det fältet har redan ett värde.",
                fix,
            )
        match = _KEY_LINE.match(line)
        if match and match.group(3):
            return Explanation(
                match.group(2),
                f"texten på {where} har ett kolon och ett mellanslag (tecken {mark.column + 1}), och då tror YAML att ett nytt fält börjar.",
                f"Sätt raka citattecken runt texten: {_quoted_example(match.group(2), match.group(3))}",
            )
        return Explanation(
            key,
            f"{where} saknar kolon efter fältnamnet, eller har ett kolon för mycket (tecken {mark.column + 1}).",
            "Skriv varje fält som «namn: värde», med kolon och ett mellanslag efter namnet.",
        )
    if "could not find expected ':'" in problem:
        context_mark = getattr(exc, "context_mark", None)
        start = context_mark.line if context_mark is not None else mark.line
        text = lines[min(start, len(lines) - 1)]
        above, _ = _previous(lines, start)
        blank_above = start > 0 and not lines[start - 1].strip()
        if _looks_like_text(text) and (blank_above or above < 0):
            # The body's first paragraph, read as fields: the --- after the fields is missing.
            return Explanation(
                "",
                f"rad {start + 1} («{text.strip()[:40]}») ser ut som brödtext, men den står före raden --- som avslutar fälten.",
                f"Lägg till en rad med bara --- efter det sista fältet (rad {_last_field(lines, start) + 1}), före texten.",
            )
        return Explanation(
            "",
            f"rad {start + 1} («{text.strip()[:40]}») saknar kolon mellan fältnamnet och värdet.",
            "Skriv fältet som «namn: värde», med kolon och ett mellanslag efter namnet.",
        )
    if "cannot start any token" in problem:
        char = line[mark.column : mark.column + 1] or "?"
        match = _KEY_LINE.match(line)
        example = f" {_quoted_example(match.group(2), match.group(3) or '')}" if match else ""
        return Explanation(
            key,
            f"ett värde på {where} börjar med tecknet «{char}» (tecken {mark.column + 1}), som har en särskild betydelse i YAML.",
            f"Sätt raka citattecken runt texten:{example}" if example else "Sätt raka citattecken runt texten.",
        )
    if "end of stream" in problem and "quoted" in context:
        started = _started(exc, where)
        return Explanation(
            key,
            f"citattecknet som börjar på {started} avslutas aldrig.",
            "Avsluta texten med samma citattecken som den börjar med, på samma rad.",
        )
    if "undefined alias" in problem:
        return Explanation(
            key,
            f"värdet på {where} börjar med *, som YAML läser som en hänvisning till ett annat värde.",
            "Sätt citattecken runt texten, till exempel \"*Viktigt*\".",
        )
    if "anchor" in problem or "anchor" in context:
        return Explanation(
            key,
            f"värdet på {where} börjar med &, som YAML läser som ett namn på värdet.",
            "Sätt citattecken runt texten, till exempel \"& mer\".",
        )
    if "escape character" in problem:
        return Explanation(
            key,
            f"texten på {where} har ett omvänt snedstreck (\\) inom dubbla citattecken, och det följs av ett tecken som YAML inte känner till.",
            "Skriv \\\\ för ett snedstreck, eller använd enkla citattecken ' runt texten.",
        )
    if "flow sequence" in context or "flow mapping" in context:
        started = _started(exc, where)
        return Explanation(
            key,
            f"listan inom [ ] eller {{ }} som börjar på {started} avslutas inte rätt.",
            "Skriv listan på en rad, till exempel «tags: [trygghet, centrum]», och sätt citattecken runt text med kommatecken.",
        )
    if "expected key" in problem or "'-' indicator" in problem or "block end" in problem:
        if "expected key" in problem and re.search(r"[\"']\s*$", line[: mark.column]) and _indent(line) == 0:
            return Explanation(
                key,
                f"texten på {where} fortsätter efter citattecknet som avslutar den (tecken {mark.column + 1}).",
                "Sätt citattecknen runt hela texten.",
            )
        above, previous = _previous(lines, index)
        own, wanted = _indent(line), _field_column(previous) if above >= 0 else 0
        if own != wanted:
            level = "längst till vänster" if wanted == 0 else f"med {_spaces(wanted)}"
            return Explanation(
                key,
                f"{where} börjar med {_spaces(own)}, men raden ovanför börjar {level}; rader som hör ihop ska ha samma indrag.",
                f"Ge rad {mark.line + 1} samma indrag som raderna den hör ihop med (i mallarna två mellanslag per nivå).",
            )
        return Explanation(
            key,
            f"indraget på {where} stämmer inte med raderna ovanför.",
            "Rader som hör ihop ska börja med lika många mellanslag, och ett fält på översta nivån ska börja längst till vänster, som i mallarna.",
        )
    if "escape code" in problem:
        return Explanation(
            key,
            f"texten på {where} har en kod \\u eller \\x inom dubbla citattecken som inte är något tecken.",
            "Skriv tecknet som det är i stället för som en kod.",
        )
    if "single document" in context:
        return Explanation(
            "",
            f"front matter har en rad med bara --- för mycket (före {where}).",
            "Front matter börjar och slutar med en rad ---; ta bort den extra raden.",
        )
    return Explanation(key, f"front matter går inte att läsa på {where}, tecken {mark.column + 1}.", fix_line)


def missing_start(text: str) -> Explanation:
    """A file whose first line is not ---: why, from what the file begins with."""
    lines = text.split("\n")
    first = lines[0]
    if _DASH_LOOKALIKES.match(first):
        return Explanation(
            "",
            f"rad 1 ska vara tre bindestreck ---, men där står «{first.strip()}».",
            "Skriv tre vanliga bindestreck (-) på rad 1 och på raden efter fälten; Word och Outlook gör ibland om dem till tankstreck.",
        )
    if not first.strip() and any(re.match(r"^-{3,}\s*$", line) for line in lines[1:]):
        blank = next(n for n, line in enumerate(lines) if line.strip())
        return Explanation(
            "",
            f"filen börjar med {blank} tom{'ma rader' if blank > 1 else ' rad'}, men raden --- måste stå allra först i filen.",
            "Ta bort de tomma raderna före ---.",
        )
    if (found := _KEY_LINE.match(first)) and not found.group(1):
        return Explanation(
            "",
            f"rad 1 börjar med fältet «{found.group(2)}», men raden --- före fälten saknas.",
            f"Lägg till en rad med bara --- överst i filen, före «{found.group(2)}:».",
        )
    return Explanation(
        "",
        "filen saknar front matter (uppgifterna mellan två rader med ---).",
        "Börja filen med en rad ---, sedan fälten, sedan en rad --- och därefter texten.",
    )


def missing_end(text: str) -> Explanation:
    """A file that opens with --- and never closes it: where the closing line belongs."""
    lines = text.split("\n")[1:]  # index n is the file's line n + 2
    body = next((n for n, line in enumerate(lines) if _looks_like_text(line) and (n == 0 or not lines[n - 1].strip())), None)
    if body is None:
        return Explanation("", "front matter avslutas aldrig: raden --- efter fälten saknas.", "Lägg till en rad med bara --- efter fälten.")
    return Explanation(
        "",
        "front matter avslutas aldrig: raden --- efter fälten saknas.",
        f"Lägg till en rad med bara --- efter det sista fältet (rad {_last_field(lines, body) + 2}), före texten på rad {body + 2}.",
    )
