"""Help for staff in the editor: content checks as they type, who else has the page
open (soft locks), and keeping unsaved text through a session timeout.

The admin change form includes `admin/medinfo/includes/editor_assist.html`; its
script (static/medinfo/admin/editor-assist.js) calls the views here. Public pages
get none of it.
"""
