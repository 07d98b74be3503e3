"""The gunicorn master loads what workers share, without a database connection."""

from .test_security import PRODUCTION, run_python

CHECK = """
import gc, sys, django
django.setup()
import clinic.gunicorn_conf as conf
from django.db import connections
from django.template import engines

conf.when_ready(None)
compiled = set(engines["django"].engine.template_loaders[0].get_template_cache)
conf.pre_fork(None, None)
print("medinfo/medication_detail.html" in compiled, "includes/header.html" in compiled,
      "redis" in sys.modules, all(c.connection is None for c in connections.all()),
      gc.get_freeze_count() > 0)
"""


def test_the_master_compiles_templates_and_freezes_its_objects_before_forking():
    result = run_python(CHECK, DEBUG="0", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 5
