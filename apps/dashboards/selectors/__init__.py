"""Reads for the dashboards: homes.py (the role home pages), city.py (the city dashboard),
announcements.py. Each query count is fixed, whatever the number of rows."""
