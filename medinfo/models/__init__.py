"""The app's models, by concern; import them from here (`from medinfo.models import ...`).

- publishing.py: workflow states, `published()`, the fields every page shares
- content.py: medicines, conditions, uses, drug classes
- clinic.py: the clinic's details shown on every page: defaults, caching, phone links
- audit.py: the audit log of workflow events
- codes.py: the index of clinical codes on live pages (medinfo/codes.py reads them)
- text.py: reading one-item-per-line and comma-separated text fields
- review.py: clinical review dates (the review interval, the due-soon window)
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
    ControlledSchedule,
    DrugClass,
    Indication,
    MedicationArticle,
    MedicationUse,
    PrescriptionStatus,
    UseKind,
)
from .pagecache import CacheGeneration
from .publishing import Publishable, PublishableQuerySet, Status, TimeStamped
from .review import REVIEW_INTERVAL, REVIEW_SOON, ReviewedQuerySet
from .text import split_names, text_lines

# Revisions (django-reversion) hold content only: workflow state is never restored
# from history, so a restored revision is a new change that needs approval again.
REVISION_EXCLUDE = (
    "draft_of",
    "status",
    "published_at",
    "edit_version",
    "changed_by",
    "approved_by",
    "approved_at",
    "reading_grade",
    "reading_ease",
    "search_document",
)
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
    "CacheGeneration",
    "ClinicSettings",
    "ContentCode",
    "ControlledSchedule",
    "DrugClass",
    "EventKind",
    "Indication",
    "MedicationArticle",
    "MedicationUse",
    "PrescriptionStatus",
    "Publishable",
    "PublishableQuerySet",
    "ReviewedQuerySet",
    "Status",
    "TimeStamped",
    "UseKind",
    "WorkflowEvent",
    "split_names",
    "text_lines",
]
