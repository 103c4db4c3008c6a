from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("cambill.api.urls")),
    path("", include("cambill.web.urls")),
]
