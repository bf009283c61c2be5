"""Performance reports as PDF (issue 6, parts 5 and 6): per employee, per unit and for the city.

* ``pdf``: WeasyPrint with a fetcher that serves only the app's own static files and ``data:``;
  one rendered document per unit, split into one PDF per employee.
* ``builders``: what each document shows, loaded for many people at once.
* ``services``: storing a document (one per kind, scope and period; re-rendering replaces it),
  on-demand requests; ``batch``: the monthly batch (dispatcher, one task per unit, the city).
* ``selectors``, ``views``, ``api``: reads, pages (verification, admin, downloads), the API.
"""
