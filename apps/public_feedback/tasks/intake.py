"""Tasks of complaint intake (the tracking code by email)."""
