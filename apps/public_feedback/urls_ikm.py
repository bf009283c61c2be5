app_name = "ikm"

urlpatterns: list = []
