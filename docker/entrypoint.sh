#!/bin/sh
# Entrypoint of the SIKAP ASN image (Dockerfile). Every service of docker-compose.yml runs through it.
#   migrate   apply the migrations and create the database cache table, then exit (the one-shot
#             "migrate" service; web, worker and beat start only after it succeeded)
#   anything else is run as given: gunicorn (the image's default), celery ..., python manage.py ...
set -eu

# Without these the settings would start an embedded PostgreSQL or a file-system broker inside the
# container, which is never what a container deployment wants (see .env.example).
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
    echo "entrypoint: DATABASE_URL dan REDIS_URL wajib diisi / must be set (cp .env.example .env)" >&2
    exit 64
fi

if [ "${1:-}" = "migrate" ]; then
    shift
    python manage.py migrate --noinput "$@"
    exec python manage.py createcachetable
fi

exec "$@"
