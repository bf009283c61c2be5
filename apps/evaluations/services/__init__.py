"""Every write of the evaluations: ``periods`` (BKPSDM), ``evaluation`` (the pejabat penilai and the
employee), ``objection`` (the Atasan Pejabat Penilai), ``units`` (the leader's unit ratings)."""
