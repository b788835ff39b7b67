"""English grammar the prose needs: lists joined with "and", a capital at the start."""

from collections.abc import Sequence


def joined(parts: Sequence[str]) -> str:
    """a; b; and c."""
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def names(items: Sequence[str]) -> str:
    """a, b and c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
