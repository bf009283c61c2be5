class TooManyRequests(Exception):
    """Raised where a rate limit is exceeded; answered with HTTP 429 by FriendlyErrorsMiddleware."""
