"""The settled part of a supervisor's home, computed and rendered once and kept for a few minutes.

The team's filing this month, SKP progress, JP coverage, evaluations to do, nominations and
complaints, with the supervisor's own SKP, JP, evaluation, trainings and recommendations, cost
about 150 ms of CPU for a team of 50 (every IKI's achievement, the month's team calendar, the
recommendations over the team), and they move a few times a day. So they are computed and
rendered once per supervisor, language and day, kept SNAPSHOT_SECONDS and shown with their time
("data tim per ..."), as the city dashboard's figures are. What the supervisor acts on now is read
on every request (homes.supervisor_home): today's report, the month's strip, the reviews waiting,
notices and announcements. ``?segarkan=1`` recomputes at once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from apps.core.kept import kept

SNAPSHOT_SECONDS = 300
# Each fragment goes to its place on the page (templates/dashboards/supervisor_home.html).
FRAGMENTS = {
    "stats": "dashboards/_home_team_stats.html",
    "team_cards": "dashboards/_home_team_cards.html",
    "own_cards": "dashboards/_home_own_cards.html",
}


@dataclass(frozen=True)
class TeamSnapshot:
    as_of: datetime.datetime
    team_size: int
    stats: str  # the team's key figures after the reviews waiting
    team_cards: str
    own_cards: str


def _key(employee_id: int) -> str:
    return f"dashboards:team-home:{employee_id}:{get_language()}:{timezone.localdate().isoformat()}"


def team_snapshot(user, employee, *, refresh: bool = False) -> TeamSnapshot:
    """The kept snapshot of this supervisor's home, computed now when there is none or on ``refresh``."""
    return kept(_key(employee.pk), SNAPSHOT_SECONDS, lambda: _compute(user, employee), refresh=refresh)


def _compute(user, employee) -> TeamSnapshot:
    from apps.employees.hierarchy import direct_subordinates
    from apps.trainings.recommendations import recommendations_for_many

    from .homes_asn import own_settled
    from .homes_supervisor import team_part

    team = list(direct_subordinates(employee.pk).select_related("unit").order_by("name", "pk"))
    found = recommendations_for_many([employee, *team])
    context = team_part(user, employee, team, found)
    context |= own_settled(user, employee, recommendations=found[employee.pk], skp=context["team_skp"]["own"])
    context |= {"employee": employee, "user": user}
    html = {name: render_to_string(template, context) for name, template in FRAGMENTS.items()}
    return TeamSnapshot(as_of=timezone.now(), team_size=len(team), **html)
