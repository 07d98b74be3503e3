"""'Was this page helpful?': the patient's question, its defences and the editors' view.

- guard.py: what keeps abuse out without a CAPTCHA, a cookie or a CSRF token
- scrub.py: what keeps personal data out of comments
- forms.py, views.py: the question, the "what was wrong" form and the thank-you
- stats.py, admin.py: the figures and comments editors see
"""
