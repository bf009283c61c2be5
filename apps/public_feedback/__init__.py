"""Citizens' voice (DOMAIN.md "Complaints" and "Citizens' satisfaction survey"): complaints with a
tracking code and a deadline-bound workflow, the SKM survey and its IKM, and public forums."""
