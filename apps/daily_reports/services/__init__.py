"""Every write of the daily reports: ``filing`` (the ASN's day), ``review`` (the pejabat penilai)."""
