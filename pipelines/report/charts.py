"""Chart specs for the HTML report, in Plotly's JSON schema, drawn in the browser by plotly.js.

Language-free: the names, labels and prices come from the report's language package (`words`).

The specs are plain dicts (building plotly.graph_objects figures costs milliseconds each, and a
ten-year backfill renders thousands of pages); plotly.min.js is shipped once per reports folder.
"""

import json
from types import ModuleType

from pipelines.report.figures import DayFigures
from pipelines.report.numbers import count

# Hong Kong colours a rise green and a fall red, as the West does (mainland China the other way).
UP, DOWN, FLAT = "#1a7f37", "#d1242f", "#8c959f"
OUTLIER_MULTIPLE = 2.0  # a sector's bar this many times the next largest is cut at the axis
LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 10, "b": 30},
    "font": {"family": "system-ui, sans-serif", "size": 12},
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "showlegend": False,
}


def _colour(change: float | None) -> str:
    return FLAT if not change else UP if change > 0 else DOWN


def breadth_chart(figures: DayFigures, words: ModuleType) -> dict | None:
    b, labels = figures.breadth, words.LABELS
    if b is None:
        return None
    parts = [
        (labels["advancers"], b.advancers, UP),
        (labels["unchanged"], b.unchanged, FLAT),
        (labels["decliners"], b.decliners, DOWN),
    ]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "x": [count],
                "y": [""],
                "marker": {"color": colour},
                "text": [f"{name} {count:,}"],
                "textposition": "inside",
                "hoverinfo": "text",
            }
            for name, count, colour in parts
        ],
        "layout": {
            **LAYOUT,
            "barmode": "stack",
            "height": 90,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
        },
    }


def sector_chart(figures: DayFigures, words: ModuleType) -> dict | None:
    sectors = list(reversed(figures.all_sectors))  # best at the top
    if not sectors:
        return None
    # Each bar's label says how many of its stocks traded: a bar of one stock reads as one.
    names = [f"{words.sector_name(s)} ({count(s.traded_count)})" for s in sectors]
    changes = [s.change_pct for s in sectors]
    reach = axis_reach(changes)
    # Room beyond the longest bars for their labels, which are written outside the bars; a bar
    # beyond the axis (one outlier) is cut at its edge and carries its label inside.
    low, high = max(min(0.0, *changes), -reach), min(max(0.0, *changes), reach)
    room = 0.2 * (high - low) or 1.0
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": changes,
                "y": names,
                "marker": {"color": [_colour(c) for c in changes]},
                "text": [f"{c:+.2f}%" for c in changes],
                "textposition": ["inside" if abs(c) > reach else "outside" for c in changes],
                "cliponaxis": False,
                "hoverinfo": "y+text",
            }
        ],
        "layout": {
            **LAYOUT,
            "height": 22 * len(sectors) + 60,
            "margin": {**LAYOUT["margin"], "l": 220},
            "xaxis": {"ticksuffix": "%", "zeroline": True, "range": [low - room * (low < 0), high + room * (high > 0)]},
            "yaxis": {"automargin": True},
        },
    }


def axis_reach(changes: list[float]) -> float:
    """How far the sector chart's axis reaches each side of zero: to the largest move, unless that
    one is more than twice the next largest, when the scale is the others' (one sector's move, or
    one bad figure, never squeezes every other bar to nothing)."""
    sizes = sorted((abs(c) for c in changes), reverse=True)
    if len(sizes) >= 2 and sizes[1] > 0 and sizes[0] > OUTLIER_MULTIPLE * sizes[1]:
        return OUTLIER_MULTIPLE * sizes[1]
    return sizes[0] if sizes else 0.0


def turnover_chart(figures: DayFigures, words: ModuleType) -> dict | None:
    top = figures.turnover_top
    if not top:
        return None
    names = [words.table_name_and_code(s) for s in reversed(top)]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [round(s.turnover_hkd / 1e9, 3) for s in reversed(top)],
                "y": names,
                "marker": {"color": [_colour(s.change_pct) for s in reversed(top)]},
                "text": [f"{words.price(s.close, s.currency)}  {s.change_pct:+.2f}%" for s in reversed(top)],
                "textposition": "auto",
                "hoverinfo": "y+x+text",
            }
        ],
        "layout": {
            **LAYOUT,
            "height": 360,
            "margin": {**LAYOUT["margin"], "l": 240},
            "xaxis": {"title": {"text": words.LABELS["turnover_axis"]}},
            "yaxis": {"automargin": True},
        },
    }


def embedded(spec: dict) -> str:
    """JSON safe inside a <script> element: no `<` can end it or open a comment."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
