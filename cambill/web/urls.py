"""Pages, mounted at ``/`` under the ``web`` namespace.

Provider pages sit at the top level; everything of one cloud under
``/clouds/<slug>/`` (cloud users and provider staff alike, so a link is the
same for everyone who may open it). Camera codes are Watcher stream names and
may hold a slash, hence ``<path:code>`` with the action routes listed first.
"""

from django.urls import include, path

from .views import accounts, auth, people, provider, security, tariffs

app_name = "web"

cloud_patterns = [
    path("", provider.CloudDetailView.as_view(), name="cloud_detail"),
    path("edit/", provider.CloudEditView.as_view(), name="cloud_edit"),
    path("allowed-tariffs/", provider.AllowedTariffsView.as_view(), name="cloud_allowed_tariffs"),
    path("service-prices/", provider.ServicePricesView.as_view(), name="cloud_service_prices"),
    path("tariffs/", tariffs.TariffListView.as_view(), name="tariff_list"),
    path("tariffs/new/", tariffs.TariffCreateView.as_view(), name="tariff_create"),
    path("tariffs/<str:code>/", tariffs.TariffDetailView.as_view(), name="tariff_detail"),
    path("tariffs/<str:code>/edit/", tariffs.TariffEditView.as_view(), name="tariff_edit"),
    path("accounts/", accounts.AccountListView.as_view(), name="account_list"),
    path("accounts/new/", accounts.AccountCreateView.as_view(), name="account_create"),
    path("accounts/<str:code>/", accounts.AccountDetailView.as_view(), name="account_detail"),
    path("accounts/<str:code>/edit/", accounts.AccountEditView.as_view(), name="account_edit"),
    path(
        "accounts/<str:code>/discounts/new/",
        accounts.DiscountCreateView.as_view(),
        name="discount_create",
    ),
    path("cameras/", accounts.CameraListView.as_view(), name="camera_list"),
    path("cameras/new/", accounts.CameraCreateView.as_view(), name="camera_create"),
    path("cameras/<path:code>/edit/", accounts.CameraEditView.as_view(), name="camera_edit"),
    path("cameras/<path:code>/tariff/", accounts.CameraTariffView.as_view(), name="camera_tariff"),
    path("cameras/<path:code>/move/", accounts.CameraMoveView.as_view(), name="camera_move"),
    path("cameras/<path:code>/", accounts.CameraDetailView.as_view(), name="camera_detail"),
    path("agents/", people.AgentListView.as_view(), name="agent_list"),
    path("agents/new/", people.AgentCreateView.as_view(), name="agent_create"),
    path("agents/<str:code>/edit/", people.AgentEditView.as_view(), name="agent_edit"),
    path("users/", people.CloudUserListView.as_view(), name="user_list"),
    path("users/new/", people.CloudUserCreateView.as_view(), name="user_create"),
]

urlpatterns = [
    path("", auth.HomeView.as_view(), name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("no-access/", auth.NoRoleView.as_view(), name="no_role"),
    path("i18n/setlang/", auth.set_language, name="set_language"),
    path("two-factor/", security.TwoFactorVerifyView.as_view(), name="two_factor"),
    path("two-factor/setup/", security.TwoFactorEnrolView.as_view(), name="two_factor_enrol"),
    path(
        "two-factor/recovery-codes/",
        security.RecoveryCodesView.as_view(),
        name="two_factor_recovery",
    ),
    path("users/<str:username>/", security.UserDetailView.as_view(), name="user_detail"),
    path(
        "users/<str:username>/two-factor/reset/",
        security.TwoFactorResetView.as_view(),
        name="user_two_factor_reset",
    ),
    path("tokens/", auth.TokenListView.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", auth.TokenRevokeView.as_view(), name="token_revoke"),
    # provider
    path("services/", provider.ServiceListView.as_view(), name="service_list"),
    path("services/new/", provider.ServiceCreateView.as_view(), name="service_create"),
    path("services/<str:code>/", provider.ServiceDetailView.as_view(), name="service_detail"),
    path("services/<str:code>/edit/", provider.ServiceEditView.as_view(), name="service_edit"),
    path("services/<str:code>/price/", provider.ServicePriceView.as_view(), name="service_price"),
    path(
        "provider-tariffs/", provider.ProviderTariffListView.as_view(), name="provider_tariff_list"
    ),
    path(
        "provider-tariffs/new/",
        provider.ProviderTariffCreateView.as_view(),
        name="provider_tariff_create",
    ),
    path(
        "provider-tariffs/<str:code>/edit/",
        provider.ProviderTariffEditView.as_view(),
        name="provider_tariff_edit",
    ),
    path("clouds/", provider.CloudListView.as_view(), name="cloud_list"),
    path("clouds/new/", provider.CloudCreateView.as_view(), name="cloud_create"),
    path("clouds/<slug:slug>/", include(cloud_patterns)),
    path("staff/", provider.StaffListView.as_view(), name="staff_list"),
    path("staff/new/", provider.StaffCreateView.as_view(), name="staff_create"),
    path("audit/", provider.AuditListView.as_view(), name="audit_list"),
    # invoices, bill runs, reports (the invoicing layer)
    path("", include("cambill.web.invoicing_urls")),
    path("", include("cambill.web.dashboard_urls")),
    path("", include("cambill.web.usage_urls")),
    path("", include("cambill.web.watcher_urls")),
    path("", include("cambill.web.referrals_urls")),
    path("", include("cambill.web.payments_urls")),
    path("", include("cambill.web.workspace_urls")),
]
