"""Healthcheck of the web container (docker-compose.yml): GET /healthz from inside the container.

Exit 0 when gunicorn answers 200 (PostgreSQL and Redis reachable), 1 otherwise. Only the standard
library: the slim image has no curl. The request carries what the TLS proxy in front would send, so the
production settings answer it: a Host from DJANGO_ALLOWED_HOSTS (others get 400) and
X-Forwarded-Proto: https (else SECURE_SSL_REDIRECT answers 301). Redirects are not followed.
"""

import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("SIKAP_HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def allowed_host() -> str:
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")  # ".example.go.id" allows example.go.id too
        if host and host != "*":
            return host
    return "localhost"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    if not URL.startswith(("http://", "https://")):
        print(f"healthz: not an http(s) URL: {URL}", file=sys.stderr)
        return 1
    headers = {"Host": allowed_host(), "X-Forwarded-Proto": "https"}
    request = urllib.request.Request(URL, headers=headers)  # noqa: S310 - scheme checked above
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            status = response.status
            body = response.read(500)
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read(500)
    except OSError as exc:  # refused, timeout, DNS
        print(f"healthz: {exc}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"healthz: HTTP {status} {body.decode(errors='replace')}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
