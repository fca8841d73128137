"""What the user reads for the policy enums (``app.labels``, through ``tr()``) and the library's badge colours."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor

from app.labels import label
from models import enums
from views import palette
from views.labels import tr

# The policy enums, in the order a plain stored string is looked up in (the first that names it).
POLICY_ENUMS: tuple[type[StrEnum], ...] = (
    enums.PolicyCategory,
    enums.PolicyStatus,
    enums.StakeholderDepartment,
    enums.Disposition,
    enums.ItemStatus,
    enums.ItemKind,
    enums.SprintState,
)

# Dark enough on the light table background for normal text (WCAG AA), and not told by hue alone:
# the stale badge also says "stale", a missing sign-off says "missing".
STALE = QColor(palette.ALERT)
MISSING = QColor(palette.CAUTION)
SIGNED = QColor(palette.DONE)
RETIRED = QColor(palette.MUTED)


def name(value: StrEnum | str) -> str:
    """The user-facing, translated name of a policy enum value (``app.labels``)."""
    return tr(label(value, *POLICY_ENUMS))
