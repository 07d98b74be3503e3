import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

# PageCacheApp sends pages this worker already holds without Django's request
# cycle; everything else (and every decision about what is cached) is Django's.
from clinic.middleware import request_id  # noqa: E402
from medinfo.pagecache import PageCacheApp  # noqa: E402

application = PageCacheApp(get_wsgi_application(), request_id=request_id)
