"""E-mail to staff: workflow messages, review digests, and each person's switches.

Messages are queued in the database (django-post-office) once the change that
caused them commits, and delivered by `manage.py send_queued_mail`: a save never
waits for the mail server, and a message kept while the server is down goes out
when it is back. A message names the page, who did what and when, the comment and
a link to the staff site; never the page's text.
"""
