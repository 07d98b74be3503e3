"""The editorial workflow: who may do what to a page, and the admin that applies it.

- groups.py: the two staff groups and their permissions
- rules.py: who may do what in which state (four-eyes, safety gate); read this first
- events.py: the audit trail (record and read workflow events)
- copies.py: pending copies of live pages, merging them on approval, restoring into them
- revisions.py: comparing stored revisions word by word
- forms.py: the change form that applies the rules to a submitted edit
- admin.py: the ModelAdmin base every workflow page's admin builds on

Nothing here is imported by the models except the group names (groups.py).
"""
