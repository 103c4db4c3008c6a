from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("cambill.api.urls")),
    path("", include("cambill.web.urls")),
]

# Under /api/ the error shape, elsewhere the product's pages (never a traceback).
handler400 = "cambill.api.handlers.bad_request"
handler403 = "cambill.api.handlers.permission_denied"
handler404 = "cambill.api.handlers.page_not_found"
handler500 = "cambill.api.handlers.server_error"
