"""L3 charts, drawn with matplotlib: decisions per day, decision time against the norm.

Figures are built with the object API on the Agg canvas, never through pyplot: pyplot keeps
global state, and routes run in a thread pool. Text is drawn as paths in SVG, so a chart
needs no font from anywhere. matplotlib (and numpy) load with the first chart: most runs of
the simulator never draw one, and they would add a second to every start.

Titles and labels come from the `dashboard` catalogues in the chosen language (issue 18). The
y-axis starts at zero even on an empty month (matplotlib would centre zero, -0.04 to 0.04),
and a month without decisions says so across the plot.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from datetime import date
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from app.adapters.i18n import DEFAULT, translator
from app.domain.report import NORM_WORKING_DAYS, MonthlyReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

GREEN, RED, GREY, BLUE, SHADE = "#2e7d32", "#c62828", "#757575", "#1565c0", "#eceff1"


class ChartFormat(StrEnum):
    PNG = "png"
    SVG = "svg"


MEDIA_TYPES = {ChartFormat.PNG: "image/png", ChartFormat.SVG: "image/svg+xml"}


def decisions_per_day(
    report: MonthlyReport,
    fmt: ChartFormat,
    language: str = DEFAULT,
    closed_days: Collection[date] = (),
) -> bytes:
    return _render(decisions_per_day_figure(report, language, closed_days), fmt)


def decision_times(report: MonthlyReport, fmt: ChartFormat, language: str = DEFAULT) -> bytes:
    return _render(decision_times_figure(report, language), fmt)


def decisions_per_day_figure(
    report: MonthlyReport, language: str, closed_days: Collection[date]
) -> Figure:
    """Stacked bars per day of the month: approvals, Kasubsi rejections, refused on arrival;
    the days the office does not work (weekends, holidays of its calendar) shaded."""
    tr = translator(language)
    figure, axes = _figure()
    days = [d.day.day for d in report.days]
    for day in sorted(closed_days):
        axes.axvspan(day.day - 0.5, day.day + 0.5, color=SHADE, zorder=0, linewidth=0)
    series = (
        ([d.approvals for d in report.days], tr("dashboard.chart.approved"), GREEN),
        ([d.rejections for d in report.days], tr("dashboard.chart.rejected"), RED),
        ([d.rejected_on_arrival for d in report.days], tr("dashboard.chart.refused"), GREY),
    )
    bottom = [0] * len(days)
    for values, label, colour in series:
        axes.bar(days, values, bottom=bottom, label=label, color=colour, width=0.8, zorder=2)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    handles, labels = axes.get_legend_handles_labels()
    if closed_days:
        handles.append(_patch(SHADE))
        labels.append(tr("dashboard.chart.closed_days"))
    axes.set_xticks(days[::2] if len(days) > 16 else days)
    axes.set_xlim(0.5, len(days) + 0.5)
    axes.set_xlabel(tr("dashboard.chart.day_of", month=report.month, zone=report.timezone))
    axes.set_ylabel(tr("dashboard.chart.decisions"))
    _from_zero(axes, max(bottom, default=0), tr("dashboard.chart.no_decisions"))
    axes.set_title(
        tr("dashboard.chart.per_day_title", office=report.office_code, month=report.month)
    )
    # below the plot: inside, it would hide the first days' bars
    figure.legend(
        handles, labels, loc="outside lower center", ncols=4, fontsize="small", frameon=False
    )
    return figure


def decision_times_figure(report: MonthlyReport, language: str) -> Figure:
    """Histogram of working days from request to decision, with the 3-day norm (R4)."""
    tr = translator(language)
    figure, axes = _figure()
    bins = report.histogram
    lows = [b.lower for b in bins]
    widths = [(b.upper - b.lower) if b.upper is not None else 0.5 for b in bins]
    colours = [GREEN if b.within_norm else RED for b in bins]
    axes.bar(lows, [b.count for b in bins], width=widths, align="edge", color=colours)
    axes.axvline(NORM_WORKING_DAYS, color="black", linestyle="--", label=tr("dashboard.chart.norm"))
    times = report.totals.decision_time
    for value, key, style in (
        (times.median_working_days, "dashboard.chart.median", ":"),
        (times.p90_working_days, "dashboard.chart.p90", "-."),
    ):
        if value is not None:
            label = tr(key, value=f"{value:.2f}")
            axes.axvline(min(value, 5.5), color=BLUE, linestyle=style, label=label)
    axes.set_xticks([*lows, 5.5], [*(f"{lo:g}" for lo in lows), ""])
    axes.set_xlabel(tr("dashboard.chart.working_days"))
    axes.set_ylabel(tr("dashboard.chart.decisions"))
    _from_zero(axes, max((b.count for b in bins), default=0), tr("dashboard.chart.no_decisions"))
    axes.set_title(
        tr("dashboard.chart.times_title", decided=times.decided, breaches=times.breaches)
    )
    axes.legend(loc="upper right", fontsize="small", frameon=False)
    return figure


def _patch(colour: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, edgecolor="#b0bec5")


def _from_zero(axes: Any, highest: int, empty_text: str) -> None:
    """Counts are never negative: the axis starts at 0 and shows whole numbers."""
    axes.set_ylim(0, max(highest, 1) * 1.15 if highest else 1)
    axes.yaxis.get_major_locator().set_params(integer=True)
    if not highest:
        axes.text(0.5, 0.5, empty_text, transform=axes.transAxes, ha="center", va="center")


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
