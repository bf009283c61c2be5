"""Every write of the trainings app: ``enrollment`` (seats and the waiting list), ``attendance``
(presence, check-in, completion), ``ledger`` (the JP credited from every learning path)."""
