"""Optimistic concurrency for the console's forms: a form carries the version of the request
it was drawn from, and the step is refused when the request changed since (another officer
acted first). The check runs inside the use case's own transaction, on the row it locks, so
nothing can slip in between the check and the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from app.domain.errors import ConflictError
from app.domain.plp_request import PlpRequest
from app.domain.ports.unit_of_work import UnitOfWork


class StaleFormError(ConflictError):
    """The request changed after the form was drawn; `first_by` did this step already."""

    def __init__(self, rule: str | None, sent: int, current: int, first_by: str | None) -> None:
        who = f"{first_by} did this step first" if first_by else "someone acted on it"
        super().__init__(
            f"the request changed since this form was opened (version {sent}, now {current}): "
            f"{who}; nothing was changed",
            rule,
        )
        self.sent, self.current, self.first_by = sent, current, first_by


class _CheckedRequests:
    def __init__(self, inner: Any, request_id: str, check: Callable[[PlpRequest], None]) -> None:
        self._inner, self._request_id, self._check = inner, request_id, check

    def get(self, request_id: str, *args: Any, **kwargs: Any) -> PlpRequest | None:
        found: PlpRequest | None = self._inner.get(request_id, *args, **kwargs)
        if found is not None and request_id == self._request_id:
            self._check(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _ExpectingVersion:
    def __init__(
        self, inner: UnitOfWork, request_id: str, check: Callable[[PlpRequest], None]
    ) -> None:
        self._inner, self._request_id, self._check = inner, request_id, check

    def __enter__(self) -> _ExpectingVersion:
        self._inner.__enter__()
        self.plp_requests = _CheckedRequests(
            self._inner.plp_requests, self._request_id, self._check
        )
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def expecting_version(
    uow: UnitOfWork,
    request_id: str,
    version: int,
    rule: str | None,
    first_by: Callable[[PlpRequest], str | None],
) -> UnitOfWork:
    """`uow`, refusing the step when the request is no longer at `version`."""

    def check(request: PlpRequest) -> None:
        if request.version != version:
            raise StaleFormError(rule, version, request.version, first_by(request))

    return cast(UnitOfWork, _ExpectingVersion(uow, request_id, check))
