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
    """One stacked bar: advancers, unchanged, decliners. Their names and counts are in the legend
    below it, at the page's size: a thin segment has no room for its own text on a phone."""
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
                "name": f"{name} {count:,}",
                "x": [count],
                "y": [""],
                "marker": {"color": colour},
                "hoverinfo": "name",
            }
            for name, count, colour in parts
        ],
        "layout": {
            **LAYOUT,
            "barmode": "stack",
            "height": 120,
            "showlegend": True,
            "legend": {"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top", "traceorder": "normal"},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "xaxis": {"visible": False, "fixedrange": True},
            "yaxis": {"visible": False, "fixedrange": True},
        },
    }


def sector_chart(figures: DayFigures, words: ModuleType) -> dict | None:
    """Every sector's move, best at the top. Each bar is labelled on its axis with its sector, how
    many of its companies traded (a bar of one company reads as one) and its move, so no label sits
    on or beyond a bar, however narrow the page."""
    sectors = list(reversed(figures.all_sectors))  # best at the top
    if not sectors:
        return None
    changes = [s.change_pct for s in sectors]
    names = [
        f"{words.sector_name(s)} ({count(s.traded_count)})  {c:+.2f}%" for s, c in zip(sectors, changes, strict=True)
    ]
    reach = axis_reach(changes)
    # A bar beyond the axis (one outlier) is cut at its edge; its label still gives its move.
    low, high = max(min(0.0, *changes), -reach), min(max(0.0, *changes), reach)
    margin = 0.05 * (high - low) or 1.0
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": changes,
                "y": names,
                "marker": {"color": [_colour(c) for c in changes]},
                "hoverinfo": "y",
            }
        ],
        "layout": {
            **LAYOUT,
            "height": 26 * len(sectors) + 50,
            # The moves are in the labels: no axis ticks to crowd a phone's narrow plot.
            "xaxis": {
                "showticklabels": False,
                "zeroline": True,
                "range": [low - margin * (low < 0), high + margin * (high > 0)],
                "fixedrange": True,
            },
            "yaxis": {"automargin": True, "fixedrange": True},
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
    """The ten most traded by turnover, the most at the top; each labelled on its axis with its
    close and move on a second line."""
    top = list(reversed(figures.turnover_top))
    if not top:
        return None
    unit, hkd_per_unit, decimals = words.TURNOVER_AXIS
    names = [f"{words.table_name_and_code(s)}<br>{words.price(s.close, s.currency)}  {s.change_pct:+.2f}%" for s in top]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [round(s.turnover_hkd / hkd_per_unit, decimals) for s in top],
                "y": names,
                "marker": {"color": [_colour(s.change_pct) for s in top]},
                "hoverinfo": "y+x",
            }
        ],
        "layout": {
            **LAYOUT,
            "height": 44 * len(top) + 70,
            "margin": {**LAYOUT["margin"], "b": 10},
            "xaxis": {
                "title": {"text": unit, "standoff": 12},
                "automargin": True,
                "fixedrange": True,
                "nticks": 5,
            },
            "yaxis": {"automargin": True, "fixedrange": True},
        },
    }


def embedded(spec: dict) -> str:
    """JSON safe inside a <script> element: no `<` can end it or open a comment."""
    return json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
