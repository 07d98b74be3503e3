"""Loaded by pytest before anything else: the suite's environment, then Django.

Django is set up here rather than by pytest-django from pyproject.toml, which
would read clinic/settings.py before any conftest could run: the settings must
see the environment tests/environment.py gives them, not the developer's shell.
"""

import django

from tests import environment

environment.apply()
django.setup()
