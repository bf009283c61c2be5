app_name = "kelola_forum"

urlpatterns: list = []
