"""Routes filled by their domain's layer."""

urlpatterns: list = []
