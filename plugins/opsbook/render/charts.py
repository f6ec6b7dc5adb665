"""Charts drawn at build time by pygal, as SVG put inline in the page.

Nothing in a chart runs or loads anything: pygal's remote JavaScript (its tooltips, from
kozea.github.io) is turned off (`js=[]`), and the inline script that would configure it, the XML
declaration and pygal's comments (one carries the day it was drawn) are left out. So are its
stylesheet, tooltips' titles and descriptions: the site's stylesheet (`assets/opsbook.css`,
"Charts") styles every chart once, by the classes pygal gives its parts and the chart's kind
(`opsbook-chart--weeks`), and a page without a `<style>` of its own is one search reads as a
light copy (mkdocs/search.py). pygal's random chart id is replaced by one given here, so the same
data draws the same bytes. Each chart is labelled for screen readers; the page puts the same
numbers in a table beside it.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from pygal.style import Style

from ..views.workload import Cell, hours_text

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
#: Drawn on a 600-unit-wide canvas with large type, so that scaled down to a 390 px phone the
#: labels stay about 11 px high.
WIDTH, HEIGHT = 600, 320
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="rgba(0, 0, 0, .87)",
    foreground_strong="rgba(0, 0, 0, .87)",
    foreground_subtle="rgba(0, 0, 0, .6)",
    opacity="1",
    opacity_hover="1",
    font_family=_FONT,
    label_font_size=17,
    major_label_font_size=17,
    legend_font_size=17,
    title_font_size=19,
    value_font_size=15,
    tooltip_font_size=15,
)

_LEFT_OUT = re.compile(
    r"<defs>.*?</defs>|<script\b.*?</script>|<!--.*?-->|<title>.*?</title>|<desc\b[^>]*>.*?</desc>", re.S
)
_ID = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class Series:
    """One series of bars; its colour is the stylesheet's, by the chart's kind and its place."""

    title: str
    values: tuple[float | None, ...]


def bar_chart(
    kind: str,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    y_title: str | None = None,
    top: float | None = None,
) -> str:
    """An SVG bar chart of a `kind` the stylesheet knows (`weeks`, `months`); `stacked`: each
    label's bars on top of each other; `chart_id`: its id (letters, digits and hyphens). A chart of the same data is
    drawn once per process: `mkdocs serve` rebuilds draw only the charts whose numbers changed."""
    return _drawn(kind, chart_id, title, tuple(labels), tuple(series), stacked, y_title, top)


@functools.lru_cache(maxsize=4096)
def _drawn(
    kind: str,
    chart_id: str,
    title: str,
    labels: tuple[str, ...],
    series: tuple[Series, ...],
    stacked: bool,
    y_title: str | None,
    top: float | None,
) -> str:
    assert _ID.fullmatch(chart_id) and _ID.fullmatch(kind), (kind, chart_id)
    chart = (pygal.StackedBar if stacked else pygal.Bar)(
        js=[],
        disable_xml_declaration=True,
        width=WIDTH,
        height=HEIGHT,
        style=STYLE,  # its font sizes lay the chart out; the stylesheet draws it the same
        title=title,
        y_title=y_title,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 3),
        show_legend=len(series) > 1,
        # A label for every other bar when there are many, so that none overlaps on a phone.
        show_minor_x_labels=len(labels) <= 8,
        x_labels_major_every=None if len(labels) <= 8 else 2,
        max_scale=6,
        range=(0, top) if top else None,
        include_x_axis=True,
        print_values=False,
        margin=8,
        truncate_label=-1,
        truncate_legend=-1,
        spacing=6,
    )
    chart.x_labels = list(labels)
    for s in series:
        chart.add(s.title, list(s.values))
    svg = chart.render(is_unicode=True)
    svg = _LEFT_OUT.sub("", svg).replace(chart.uuid, chart_id)
    label = html.escape(title)
    return svg.replace(
        'class="pygal-chart"', f'class="opsbook-chart opsbook-chart--{kind}" role="img" aria-label="{label}"', 1
    )


def weeks_chart(cells: Sequence[Cell], who: str, capacity: float | None, name: str) -> str:
    """A person's planned hours in the coming weeks against their capacity: each week's bar is
    the hours within capacity, what is left of it (pale), and the hours over it (red). Drawn when
    the page is rendered (the templates call it), so a page kept by its digest draws nothing."""
    labels = [c.week.short for c in cells]
    capacity = capacity or 0.0
    within = [min(c.hours, capacity) if capacity else c.hours for c in cells]
    spare = [max(capacity - c.hours, 0.0) for c in cells]
    over = [max(c.hours - capacity, 0.0) if capacity else 0.0 for c in cells]
    # Always three series, so that each keeps its place (and colour): planned, free, over.
    series = [
        Series("Planned hours", tuple(within)),
        Series(f"Free of {hours_text(capacity)}h capacity" if capacity else "No capacity set", tuple(spare)),
        Series("Over capacity", tuple(over)),
    ]
    return bar_chart(
        "weeks", f"workload-{who}", f"{name}: planned hours a week", labels, series, stacked=True, y_title="hours"
    )


def on_time_chart(labels: Sequence[str], percents: Sequence[int | None]) -> str:
    """On-time % by month."""
    return bar_chart(
        "months",
        "on-time-by-month",
        "Tasks done on time, by month due",
        labels,
        [Series("On time (%)", tuple(percents))],
        y_title="% on time",
        top=100,
    )


__all__ = ["Series", "bar_chart", "on_time_chart", "weeks_chart"]
