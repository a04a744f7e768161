"""A refusal as the console shows it: the translated title of its status, the rule it names
and the use case's own words; the page around it is drawn again, nothing changed."""

from __future__ import annotations

from html import escape

from app.adapters.i18n import Translator
from app.api.http.errors import STATUS_BY_ERROR, problem_detail
from app.api.rest.console.versions import StaleFormError
from app.domain.errors import PlpError


def status_of(exc: PlpError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 400


def problem_box(tr: Translator, exc: PlpError, step_rule: str | None = None) -> str:
    """`step_rule`: the rule of the form refused, named when the refusal names none (a role
    the RASCI matrix does not give the step)."""
    status = status_of(exc)
    rule_id = exc.rule or step_rule
    title = tr(f"console.problem.{status}") if tr.has(f"console.problem.{status}") else str(status)
    rule = (
        f'<p class="rule" id="problem-rule">{escape(tr("console.problem.rule", rule=rule_id))}</p>'
        if rule_id
        else ""
    )
    return (
        f'<div class="problem" role="alert" id="problem"><strong>{escape(title)}</strong>'
        f"{rule}<p>{escape(_detail(tr, exc))}</p>"
        f'<p class="muted">{escape(tr("console.problem.unchanged"))}</p></div>'
    )


def _detail(tr: Translator, exc: PlpError) -> str:
    """The console's own refusals and the use cases' (their catalogue text) in the page's
    language; a use case's refusal without a catalogue key in its English words."""
    if isinstance(exc, StaleFormError):
        if exc.first_by:
            return tr("console.problem.first", who=exc.first_by, sent=exc.sent, now=exc.current)
        return tr("console.problem.stale", sent=exc.sent, now=exc.current)
    return problem_detail(exc, tr)
