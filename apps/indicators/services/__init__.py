"""Every write of the SKP app (DESIGN.md "Services"): ``skp`` for the plan's life cycle, ``items``
for its RHK, IKI and targets, ``goals`` for unit goals, ``realisation`` for manual entries."""
