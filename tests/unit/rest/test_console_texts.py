"""The console's texts built from a value (`tr(f"console.status.{status}")`): the catalogue
test cannot see those keys, so every value of each family is checked here, in both languages;
and how the console writes an SLA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.adapters import i18n
from app.api.rest.console.action_forms import STEPS
from app.api.rest.console.formats import sla_badge
from app.api.rest.console.layout import safe_next
from app.domain.actor import Role
from app.domain.plp_parts import CancellationState
from app.domain.queues import QUEUES
from app.domain.reasons import PlpReason
from app.domain.seals import SealStage
from app.domain.sla import SlaState, SlaStatus
from app.domain.status import PlpStatus
from app.domain.stock import StockStatus

FAMILIES = (
    [f"console.role.{r.value}" for r in Role]
    + [f"console.status.{s.value}" for s in PlpStatus]
    + [f"console.reason.{r.value}" for r in PlpReason]
    + [f"console.sla.{s.value}" for s in SlaState]
    + [f"console.stock.{s.value}" for s in StockStatus]
    + [f"console.seal.{s.value}" for s in SealStage]
    + [f"console.cancel.state.{s.value}" for s in CancellationState]
    + [f"console.queue.of.{r.value}" for r in QUEUES]
    + [f"console.step.{s.slug}" for s in STEPS]
    + [f"console.step.{s.slug}.rule" for s in STEPS]
    + [f"console.problem.{n}" for n in (400, 401, 403, 404, 409, 422, 429, 503)]
    + [f"console.option.approve.{v}" for v in ("yes", "no")]
    + [f"console.option.matched.{v}" for v in ("yes", "no")]
    + [f"console.option.outcome.{v}" for v in ("presented_again", "cut_to_matching", "cancelled")]
    + [f"console.option.outcome_p2.{v}" for v in ("may_enter", "enforcement")]
    + [f"console.investigation.{v}" for v in ("may_enter", "enforcement")]
    + [f"console.goods.col.{c}" for c in ("line", "goods", "manifest", "decision", "location")]
    + [f"console.queue.col.{c}" for c in ("ref", "route", "reason", "status", "deadline", "sla")]
)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_value_the_console_names_has_its_text(language: str) -> None:
    missing = [key for key in FAMILIES if key not in i18n.catalogue(language)]
    assert not missing, f"keys without a {language} text: {missing}"


def test_every_step_names_the_rule_it_applies_in_both_languages() -> None:
    for step in STEPS:
        for language in i18n.LANGUAGES:
            assert step.rule in i18n.translator(language)(f"console.step.{step.slug}.rule")


def _sla(state: SlaState, used: timedelta, total: timedelta = timedelta(hours=26)) -> SlaStatus:
    left = max(total - used, timedelta())
    return SlaStatus(datetime(2026, 11, 24, 2, tzinfo=UTC), total, used, left, state)


def test_r4_a_breached_request_says_how_late_it_is_not_zero_left() -> None:
    late = _sla(SlaState.BREACHED, timedelta(hours=28, minutes=15))

    assert "terlambat 2 j 15 mnt" in sla_badge(i18n.translator("id"), late)
    assert "overdue by 2 h 15 min" in sla_badge(i18n.translator("en"), late)


def test_r4_an_open_request_says_how_much_working_time_is_left() -> None:
    risky = _sla(SlaState.AT_RISK, timedelta(hours=21, minutes=45))

    assert "sisa 4 j 15 mnt" in sla_badge(i18n.translator("id"), risky)


@pytest.mark.parametrize(
    ("asked", "safe"),
    [
        ("/console?sla=breached", "/console?sla=breached"),
        ("/console/requests/ab", "/console/requests/ab"),
        ("https://evil.example/console", "/console"),
        ("//evil.example/console", "/console"),
        ("/console//evil.example", "/console"),
        ("/docs", "/console"),
        ("/console\\@evil", "/console"),
    ],
)
def test_console_returns_only_to_its_own_pages(asked: str, safe: str) -> None:
    assert safe_next(asked) == safe
