import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

# PageCacheApp sends pages this worker already holds without Django's request
# cycle; everything else (and every decision about what is cached) is Django's.
from medinfo.cache import PageCacheApp  # noqa: E402

application = PageCacheApp(get_wsgi_application())
