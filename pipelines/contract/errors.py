"""What a rejected input looks like: a problem names the file, the rows and the rule it breaks."""

from dataclasses import dataclass, field

# Rows named in one problem; the rest are counted.
MAX_ROWS_NAMED = 5


@dataclass(frozen=True)
class Problem:
    """One broken rule in one file: where, which rows, what; and the day it spoils."""

    file: str
    rule: str
    rows: tuple[int, ...] = ()
    trade_date: str | None = None

    def __str__(self) -> str:
        if not self.rows:
            return f"{self.file}: {self.rule}"
        shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_NAMED])
        more = f" and {len(self.rows) - MAX_ROWS_NAMED} more" if len(self.rows) > MAX_ROWS_NAMED else ""
        label = "row" if len(self.rows) == 1 else "rows"
        return f"{self.file}: {label} {shown}{more}: {self.rule}"


@dataclass
class InvalidDay(ValueError):
    """A day's input broke the contract; nothing of that day may be loaded."""

    trade_date: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{self.trade_date}: input rejected, nothing of this day was loaded:\n{lines}"


@dataclass
class InvalidDays(ValueError):
    """Days of a range broke the contract; nothing of the range may be loaded."""

    days: list[InvalidDay]

    def __str__(self) -> str:
        rejected = ", ".join(day.trade_date for day in self.days)
        listed = "\n".join(str(day) for day in self.days)
        return f"{len(self.days)} days rejected ({rejected}), so nothing of the range was loaded:\n{listed}"
