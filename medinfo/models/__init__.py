"""The app's models, by concern; import them from here (`from medinfo.models import ...`).

- publishing.py: workflow states, `published()`, the fields every page shares
- content.py: medicines, conditions, uses, drug classes
- clinic.py: the clinic's details shown on every page: defaults, caching, phone links
- audit.py: the audit log of workflow events
- codes.py: the index of clinical codes on live pages (medinfo/codes.py reads them)
- text.py: reading one-item-per-line and comma-separated text fields
- review.py: clinical review dates (the review interval, the due-soon window)
- notifications.py: each person's e-mail switches, the review digests sent
"""

import reversion

from .audit import EventKind, WorkflowEvent
from .clinic import ClinicSettings
from .codes import ContentCode
from .content import (
    ARTICLE_RICH_TEXT_FIELDS,
    INDICATION_RICH_TEXT_FIELDS,
    PATIENT_TEXT_FIELDS,
    ControlledSchedule,
    DrugClass,
    Indication,
    MedicationArticle,
    MedicationUse,
    PrescriptionStatus,
    UseKind,
)
from .notifications import NotificationKind, NotificationSettings, ReminderDigest
from .publishing import (
    REVISION_EXCLUDE,
    WORKFLOW_FIELDS,
    Publishable,
    PublishableQuerySet,
    Status,
    TimeStamped,
)
from .review import REVIEW_INTERVAL, REVIEW_SOON, ReviewedQuerySet
from .text import split_names, text_lines

# Revisions (django-reversion) hold content only: workflow state is never restored
# from history, so a restored revision is a new change that needs approval again.
reversion.register(MedicationUse)
reversion.register(MedicationArticle, follow=("uses",), exclude=REVISION_EXCLUDE)
reversion.register(Indication, exclude=REVISION_EXCLUDE)

__all__ = [
    "ARTICLE_RICH_TEXT_FIELDS",
    "INDICATION_RICH_TEXT_FIELDS",
    "PATIENT_TEXT_FIELDS",
    "REVIEW_INTERVAL",
    "REVIEW_SOON",
    "REVISION_EXCLUDE",
    "ClinicSettings",
    "ContentCode",
    "ControlledSchedule",
    "DrugClass",
    "EventKind",
    "Indication",
    "MedicationArticle",
    "MedicationUse",
    "NotificationKind",
    "NotificationSettings",
    "PrescriptionStatus",
    "Publishable",
    "PublishableQuerySet",
    "ReminderDigest",
    "ReviewedQuerySet",
    "Status",
    "TimeStamped",
    "UseKind",
    "WORKFLOW_FIELDS",
    "WorkflowEvent",
    "split_names",
    "text_lines",
]
