"""The read-only JSON API under /api/v1/ (django-ninja) and the EHR infobutton.

Published content only: every query starts from `.published()`, like the
public pages. Responses go through the page cache (ETag, Last-Modified, 304)
like the HTML pages; their URL names are in `medinfo.pagecache.keys.PUBLIC_PAGES`.
"""

from .main import api

__all__ = ["api"]
