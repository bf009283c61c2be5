"""Django's database sessions (SESSION_ENGINE), with the one read of every signed-in request
through SQL compiled once per process (apps/core/compiled.py). Stored sessions, cookies and the
session table are Django's own: switching the engine signs nobody out."""

import datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import compiled

_NOW = datetime.datetime(1901, 2, 3, tzinfo=datetime.UTC)  # a stand-in instant (compiled.py)

_LIVE_SESSION = compiled.CompiledQuery(
    lambda key, now: (
        Session.objects.filter(session_key=key, expire_date__gt=now).order_by().values_list(*compiled.columns(Session))
    ),
    compiled.TEXT,
    _NOW,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if self.session_key is None:
            return None
        found = _LIVE_SESSION.instances(Session, self.session_key, timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]
