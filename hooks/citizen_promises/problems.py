"""Problems found in the content: what a communicator reads when a file is wrong."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Level(enum.IntEnum):
    NOTICE = 1  # the state of the work, not a fault in the files
    WARNING = 2  # published anyway; fails only `mkdocs build --strict`
    ERROR = 3  # the build stops


LEVEL_WORD = {Level.NOTICE: "Notis", Level.WARNING: "Varning", Level.ERROR: "Fel"}


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project, e.g. "updates/nassjo/2019-11-30-x.md"
    field: str  # the front matter field, "" when the problem is the whole file
    message: str  # what is wrong, in plain Swedish
    hint: str = ""  # how to fix it
    level: Level = Level.ERROR

    def text(self) -> str:
        where = f"{self.file}, fältet «{self.field}»" if self.field else self.file
        hint = f" {self.hint}" if self.hint else ""
        # One problem, one line: a file name or a value may hold a line break.
        return " ".join(f"{where}: {self.message}{hint}".splitlines())


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, field_name: str, message: str, hint: str = "", level: Level = Level.ERROR) -> None:
        self.problems.append(Problem(file, field_name, message, hint, level))

    def error(self, file: str, field_name: str, message: str, hint: str = "") -> None:
        self.add(file, field_name, message, hint, level=Level.ERROR)

    def warning(self, file: str, field_name: str, message: str, hint: str = "") -> None:
        self.add(file, field_name, message, hint, level=Level.WARNING)

    def notice(self, file: str, field_name: str, message: str, hint: str = "") -> None:
        self.add(file, field_name, message, hint, level=Level.NOTICE)

    def at(self, level: Level) -> list[Problem]:
        # Sorted so the log and the problems page read the same on every run.
        return sorted(p for p in self.problems if p.level == level)

    @property
    def errors(self) -> list[Problem]:
        return self.at(Level.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return self.at(Level.WARNING)

    @property
    def notices(self) -> list[Problem]:
        return self.at(Level.NOTICE)
