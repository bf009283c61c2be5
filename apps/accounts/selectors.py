from apps.core import access

from .models import ApiToken


def api_token_list_for(user):
    """The user's own tokens, newest first. Tokens are never visible to anyone else."""
    return ApiToken.objects.filter(user=user)


def api_token_get_for(user, pk) -> ApiToken:
    return access.get_owned_by(user, ApiToken.objects.all(), pk=pk)
