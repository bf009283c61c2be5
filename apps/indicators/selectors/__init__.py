"""Every read of the SKP app, scoped by apps/core/access.py: ``skp`` (plans, team, choices),
``achievement`` (numbers and their reasons), ``overview`` (status per unit, the cascade)."""
