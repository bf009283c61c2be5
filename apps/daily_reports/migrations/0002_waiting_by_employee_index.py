from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    """A team's waiting reports, oldest first. Built concurrently: a city's table of millions of
    reports keeps taking filings while it builds."""

    atomic = False

    dependencies = [
        ("daily_reports", "0001_initial"),
        ("employees", "0003_employeeimport"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="dailyreport",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["employee", "submitted_at"],
                name="daily_report_waiting_emp_idx",
            ),
        ),
    ]
