# SIKAP ASN: one image for web (gunicorn), the Celery worker, Celery beat and the one-shot migrate.
# Build: docker build -t sikap-asn .      Run the whole stack: cp .env.example .env && docker compose up -d
# Only Debian packages and PyPI: the WeasyPrint runtime libraries below, then requirements.txt.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=asn_kinerja.settings.prod

# Pango, HarfBuzz and a font for WeasyPrint PDFs (the same list as scripts/system-deps.sh "run").
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The app runs as this unprivileged user; the code stays owned by root, so it cannot be changed.
RUN groupadd --system --gid 1000 sikap \
    && useradd --system --uid 1000 --gid sikap --create-home --home-dir /home/sikap --shell /usr/sbin/nologin sikap

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
RUN chmod 0755 docker/entrypoint.sh

# Static files are collected into the image and served by whitenoise (prod.py: STATIC_ROOT=/app/staticfiles).
# The prod settings need these three variables to import: build-only dummies, set for this one command
# and kept in no layer. No database is contacted (with DATABASE_URL set, the embedded PostgreSQL never starts).
RUN DJANGO_SECRET_KEY=build-only-dummy-secret-key-never-used-at-run-time-0123456789 \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build:build@127.0.0.1:5432/build \
    python manage.py collectstatic --noinput -v 0

# Uploads (MEDIA_ROOT) live in a volume; created here owned by the app user so a new named volume
# inherits that ownership.
RUN mkdir -p /app/media && chown sikap:sikap /app/media

USER sikap

EXPOSE 8000

# No HEALTHCHECK here: the same image runs web, worker, beat and migrate, so docker-compose.yml gives
# each service its own (web: docker/healthcheck.py against /healthz).
ENTRYPOINT ["/app/docker/entrypoint.sh"]
# TLS is terminated by the reverse proxy / load balancer in front, which must send X-Forwarded-Proto
# (prod.py trusts it through SECURE_PROXY_SSL_HEADER).
CMD ["gunicorn", "asn_kinerja.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
