from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from apps.core import access


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    roles = serializers.ListField(child=serializers.CharField())
    nip = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)


@extend_schema(responses=MeSerializer, summary="Pengguna yang sedang masuk dan perannya")
@api_view(["GET"])
def me(request):
    user = request.user
    employee = access.employee_of(user)
    data = {
        "username": user.username,
        "name": user.display_name,
        "email": user.email,
        "roles": sorted(access.roles(user)),
        "nip": employee.nip if employee else None,
        "unit": employee.unit.name if employee else None,
    }
    return Response(MeSerializer(data).data)
