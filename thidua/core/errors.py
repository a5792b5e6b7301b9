"""The refusals a service can raise. Pages, the API and commands turn them into messages; none changes data."""

from __future__ import annotations

from typing import Any


class ThiduaError(Exception):
    """A refusal with a Vietnamese message for the user, and where it applies (a field, a row, a line)."""

    code = "error"

    def __init__(
        self, message: str, *, field: str = "", place: str = "", details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.place = place
        self.details = dict(details or {})

    def as_details(self) -> dict[str, Any]:
        """What the API puts under error.details: only the keys that say something."""
        out: dict[str, Any] = dict(self.details)
        if self.field:
            out["field"] = self.field
        if self.place:
            out["place"] = self.place
        return out


class AccessDenied(ThiduaError):
    """The user has no role that allows this action on this object."""

    code = "access_denied"


class NotFound(ThiduaError):
    """The object does not exist, or the user may not know that it exists."""

    code = "not_found"


class InvalidInput(ThiduaError):
    """The request is understood but breaks a rule of the domain (a date, a role, a duplicate)."""

    code = "invalid_input"


class Conflict(ThiduaError):
    """The object changed under the user (compare-and-set lost) or already exists."""

    code = "conflict"
