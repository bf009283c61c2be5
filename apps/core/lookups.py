"""``column = ANY(ARRAY(subquery))``, for the few queries where PostgreSQL plans ``IN (subquery)``
badly: PostgreSQL runs the subquery once, before the scan (an InitPlan), and then uses the
column's index with the ids it returned.

- Under an OR, ``IN (subquery)`` makes it scan the whole table (a team's query scanned every
  employee: 1 ms at 2,000 employees, about 10 at 20,000).
- With ``ORDER BY ... LIMIT``, it may walk an index in that order through the whole city's rows
  hoping to meet the team's soon (the oldest 5 waiting reports of a team: 400 ms among 57,000
  waiting, 0.6 ms with the team's ids first)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Lookup, QuerySet


class AnyOf(Lookup):
    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def any_of(column: str, ids: QuerySet) -> AnyOf:
    """A filter: ``column`` among the ids that ``ids`` (a one-column ``values()`` queryset) returns."""
    return AnyOf(F(column), ArraySubquery(ids))
