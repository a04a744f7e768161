"""L3 charts, drawn with matplotlib: decisions per day, decision time against the norm.

Figures are built with the object API on the Agg canvas, never through pyplot: pyplot keeps
global state, and routes run in a thread pool. Text is drawn as paths in SVG, so a chart
needs no font from anywhere. matplotlib (and numpy) load with the first chart: most runs of
the simulator never draw one, and they would add a second to every start.
"""

from __future__ import annotations

import io
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from app.domain.report import NORM_WORKING_DAYS, MonthlyReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

GREEN, RED, GREY, BLUE = "#2e7d32", "#c62828", "#9e9e9e", "#1565c0"


class ChartFormat(StrEnum):
    PNG = "png"
    SVG = "svg"


MEDIA_TYPES = {ChartFormat.PNG: "image/png", ChartFormat.SVG: "image/svg+xml"}


def decisions_per_day(report: MonthlyReport, fmt: ChartFormat) -> bytes:
    """Stacked bars per day of the month: approvals, Kasubsi rejections, refused on arrival."""
    figure, axes = _figure()
    days = [d.day.day for d in report.days]
    series = (
        ([d.approvals for d in report.days], "approved (R3)", GREEN),
        ([d.rejections for d in report.days], "rejected by the Kasubsi (R3)", RED),
        ([d.rejected_on_arrival for d in report.days], "rejected on arrival (E1-E6)", GREY),
    )
    bottom = [0] * len(days)
    for values, label, colour in series:
        axes.bar(days, values, bottom=bottom, label=label, color=colour, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(days[::2] if len(days) > 16 else days)
    axes.set_xlabel(f"day of {report.month} ({report.timezone})")
    axes.set_ylabel("decisions")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(f"PLP decisions per day - office {report.office_code}, {report.month}")
    axes.legend(loc="upper left", fontsize="small", frameon=False)
    return _render(figure, fmt)


def decision_times(report: MonthlyReport, fmt: ChartFormat) -> bytes:
    """Histogram of working days from request to decision, with the 3-day norm (R4)."""
    figure, axes = _figure()
    bins = report.histogram
    lows = [b.lower for b in bins]
    widths = [(b.upper - b.lower) if b.upper is not None else 0.5 for b in bins]
    colours = [GREEN if b.within_norm else RED for b in bins]
    axes.bar(lows, [b.count for b in bins], width=widths, align="edge", color=colours)
    axes.axvline(NORM_WORKING_DAYS, color="black", linestyle="--", label="norm: 3 working days")
    times = report.totals.decision_time
    for value, label, style in (
        (times.median_working_days, "median", ":"),
        (times.p90_working_days, "p90", "-."),
    ):
        if value is not None:
            axes.axvline(min(value, 5.5), color=BLUE, linestyle=style, label=f"{label} {value:.2f}")
    axes.set_xticks([*lows, 5.5], [*(f"{lo:g}" for lo in lows), ""])
    axes.set_xlabel("working days from request to decision (last bar: more than 5)")
    axes.set_ylabel("decisions")
    axes.yaxis.get_major_locator().set_params(integer=True)
    title = f"Decision time - {times.decided} decided, {times.breaches} past the deadline"
    axes.set_title(title)
    axes.legend(loc="upper right", fontsize="small", frameon=False)
    return _render(figure, fmt)


@cache
def _figure_class() -> type[Figure]:
    import matplotlib as mpl
    from matplotlib.figure import Figure

    mpl.rcParams["svg.hashsalt"] = "plp-online"  # the same report draws the same SVG
    mpl.rcParams["svg.fonttype"] = "path"
    return Figure


def _figure() -> tuple[Figure, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = _figure_class()(figsize=(8, 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _render(figure: Figure, fmt: ChartFormat) -> bytes:
    out = io.BytesIO()
    metadata = {"Date": None} if fmt is ChartFormat.SVG else {"Software": None}
    figure.savefig(out, format=fmt.value, metadata=metadata)
    return out.getvalue()
