"""YAML's syntax errors in Swedish, for a writer: which line, what the likely
slip is, and how to write it instead.

The parser's own words ("mapping values are not allowed in this context") say
what the grammar expected, not what the writer did. The common slips are few: a
colon in unquoted text, typographic quotes (”…”) that YAML does not count as
quotes, a tab, a line indented wrong, a missing colon, a quote never closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$")
_TYPOGRAPHIC_QUOTES = "”“„«»’‘"


@dataclass(frozen=True)
class Explanation:
    field: str  # the field on the line, "" when none can be seen
    message: str
    hint: str


def _quoted_example(key: str, value: str) -> str:
    value = value.strip().strip(_TYPOGRAPHIC_QUOTES + "\"'")
    quote = "'" if '"' in value else '"'
    return f"{key}: {quote}{value}{quote}"


def _started(exc: yaml.YAMLError, where: str) -> str:
    """The line where what the parser was reading began (a quote, a list), else ``where``."""
    start = getattr(exc, "context_mark", None)
    return f"rad {start.line + 1}" if start is not None else where


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

    if "tab" in problem or "\t" in line[: mark.column + 1] or (
        "cannot start any token" in problem and line[mark.column : mark.column + 1] == "\t"
    ):
        return Explanation(
            key,
            f"{where} börjar med ett tabbtecken. YAML räknar indrag i mellanslag, inte i tabbar.",
            "Byt tabbtecknet mot mellanslag (två mellanslag per nivå, som i mallarna).",
        )
    if any(q in line for q in _TYPOGRAPHIC_QUOTES) and ("mapping values" in problem or "expected key" in problem):
        match = _KEY_LINE.match(line)
        example = f" Skriv till exempel {_quoted_example(match.group(2), match.group(3) or '')}" if match else ""
        return Explanation(
            key,
            f"texten på {where} har typografiska citattecken (” eller “), som YAML läser som vanliga tecken, inte som citattecken.",
            f"Använd raka citattecken \" runt texten.{example}".rstrip() + ("." if example else ""),
        )
    if "mapping values are not allowed" in problem:
        previous = next((p for p in reversed(lines[:index]) if p.strip() and not p.lstrip().startswith("#")), "")
        indented = line[:1].isspace() and (found := _KEY_LINE.match(previous)) and (found.group(3) or "").strip()
        if indented:
            return Explanation(
                key,
                f"{where} är indragen, som om den hörde till fältet på raden ovanför, men det fältet har redan ett värde.",
                "Ta bort mellanslagen i början av raden, så att fältet börjar längst till vänster som de andra.",
            )
        match = _KEY_LINE.match(line)
        if match and match.group(3):
            return Explanation(
                match.group(2),
                f"texten på {where} innehåller ett kolon (:), och då tror YAML att ett nytt fält börjar.",
                f"Sätt citattecken runt texten: {_quoted_example(match.group(2), match.group(3))}",
            )
        return Explanation(
            key,
            f"{where} saknar kolon efter fältnamnet, eller har ett kolon för mycket.",
            "Skriv varje fält som «namn: värde», med kolon och ett mellanslag efter namnet.",
        )
    if "could not find expected ':'" in problem:
        context_mark = getattr(exc, "context_mark", None)
        line_number = (context_mark.line if context_mark is not None else mark.line) + 1
        return Explanation(
            "",
            f"rad {line_number} saknar kolon mellan fältnamnet och värdet.",
            "Skriv fältet som «namn: värde», med kolon och ett mellanslag efter namnet.",
        )
    if "cannot start any token" in problem:
        char = line[mark.column : mark.column + 1] or "?"
        match = _KEY_LINE.match(line)
        example = f" {_quoted_example(match.group(2), match.group(3) or '')}" if match else ""
        return Explanation(
            key,
            f"ett värde på {where} börjar med tecknet «{char}», som har en särskild betydelse i YAML.",
            f"Sätt citattecken runt texten:{example}" if example else "Sätt citattecken runt texten.",
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
        match = re.search(r"[\"']\s*\S", line[mark.column - 1 :] if mark.column else "")
        if match and "expected key" in problem and line[:1] != " ":
            return Explanation(
                key,
                f"texten på {where} fortsätter efter citattecknet som avslutar den.",
                "Sätt citattecknen runt hela texten.",
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
