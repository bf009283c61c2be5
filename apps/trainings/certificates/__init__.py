"""Training certificates (sertifikat): a PDF for every completed enrollment, with a verification
code that the public page ``/verifikasi/<code>/`` knows (``apps.core.verification``).

* ``models``: ``Certificate``, one per enrollment; issuing again replaces its file in the same row.
* ``builders``: what a certificate prints (participant, program, dates, JP, the organiser and the
  Kepala BKPSDM from settings and data), as HTML for ``apps.evaluations.reports.pdf``.
* ``services``: issuing one, many (one WeasyPrint document split per person) or the missing ones.
* ``selectors``, ``views``: the scoped download and the public lookup.
"""
