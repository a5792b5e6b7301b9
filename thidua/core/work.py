"""What the home page's "Việc cần làm" panel lists: one line of work, its page and where it belongs.

Each area builds these in its own selectors (cycle, conference, awards), with the same access rules as the page
the line links to; the home view only gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    """One thing the user can do now: the sentence shown, the page where it is done, and its context
    (the cluster-year, its stage and deadline) when there is one."""

    text: str
    url: str
    context: str = ""
    count: int | None = None  # the number the sentence is about, where a page reuses it
