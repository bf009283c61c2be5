"""Background work of public feedback, one module per part; imported here so Celery finds them."""

from . import handling, intake  # noqa: F401
