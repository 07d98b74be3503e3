"""The app's models, by concern; import them from here (`from medinfo.models import ...`).

- publishing.py: workflow states, `published()`, the fields every page shares
- content.py: medicines, conditions, uses
- drug_classes.py: drug classes (families of medicines)
- redirects.py: old addresses of renamed pages
- clinic.py: the clinic's details shown on every page: defaults, caching, phone links
- audit.py: the audit log of workflow events
- feedback.py: patients' answers to "Was this page helpful?"
- codes.py: the index of clinical codes on live pages (medinfo/codes.py reads them)
- text.py: reading one-item-per-line and comma-separated text fields
- review.py: clinical review dates (the review interval, the due-soon window)
- notifications.py: each person's e-mail switches, the review digests sent
- pagecache.py: the page cache's generation, as the database records it
"""

import reversion

from .audit import EventKind, WorkflowEvent
from .clinic import ClinicSettings
from .codes import ContentCode
from .content import (
    ARTICLE_RICH_TEXT_FIELDS,
    INDICATION_RICH_TEXT_FIELDS,
    PATIENT_TEXT_FIELDS,
    PUBLIC_CLASS_FIELDS,
    ControlledSchedule,
    Indication,
    MedicationArticle,
    MedicationUse,
    PrescriptionStatus,
    UseKind,
)
from .drug_classes import DrugClass
from .feedback import PageFeedback, Reason
from .notifications import NotificationKind, NotificationSettings, ReminderDigest
from .pagecache import CacheGeneration
from .publishing import (
    REVISION_EXCLUDE,
    WORKFLOW_FIELDS,
    Publishable,
    PublishableQuerySet,
    Status,
    TimeStamped,
)
from .redirects import PageKind, SlugRedirect
from .review import REVIEW_INTERVAL, REVIEW_SOON, ReviewedQuerySet
from .text import split_names, text_lines

# Revisions (django-reversion) hold content only: workflow state is never restored
# from history, so a restored revision is a new change that needs approval again.
reversion.register(MedicationUse)
reversion.register(MedicationArticle, follow=("uses",), exclude=REVISION_EXCLUDE)
reversion.register(Indication, exclude=REVISION_EXCLUDE)
reversion.register(DrugClass, exclude=REVISION_EXCLUDE)

__all__ = [
    "ARTICLE_RICH_TEXT_FIELDS",
    "INDICATION_RICH_TEXT_FIELDS",
    "PATIENT_TEXT_FIELDS",
    "PUBLIC_CLASS_FIELDS",
    "REVIEW_INTERVAL",
    "REVIEW_SOON",
    "REVISION_EXCLUDE",
    "CacheGeneration",
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
    "PageFeedback",
    "PageKind",
    "PrescriptionStatus",
    "Publishable",
    "PublishableQuerySet",
    "Reason",
    "ReminderDigest",
    "ReviewedQuerySet",
    "SlugRedirect",
    "Status",
    "TimeStamped",
    "UseKind",
    "WORKFLOW_FIELDS",
    "WorkflowEvent",
    "split_names",
    "text_lines",
]
