app_name = "kelola_pengaduan"

urlpatterns: list = []
