"""Sign-in, password reset, language, second factor, own account, a user's page and
API tokens (``web`` namespace)."""

from django.urls import path

from cambill.web.auth.views import account, login, two_factor

urlpatterns = [
    path("", login.HomeView.as_view(), name="home"),
    path("login/", login.LoginView.as_view(), name="login"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
    path("no-access/", login.NoRoleView.as_view(), name="no_role"),
    path("i18n/setlang/", login.set_language, name="set_language"),
    path("two-factor/", two_factor.TwoFactorVerifyView.as_view(), name="two_factor"),
    path("two-factor/setup/", two_factor.TwoFactorEnrolView.as_view(), name="two_factor_enrol"),
    path(
        "two-factor/recovery-codes/",
        two_factor.RecoveryCodesView.as_view(),
        name="two_factor_recovery",
    ),
    path("users/<str:username>/", two_factor.UserDetailView.as_view(), name="user_detail"),
    path(
        "users/<str:username>/two-factor/reset/",
        two_factor.TwoFactorResetView.as_view(),
        name="user_two_factor_reset",
    ),
    path("me/", account.MyAccountView.as_view(), name="my_account"),
    path("me/password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("password/forgot/", account.ForgotPasswordView.as_view(), name="password_forgot"),
    path(
        "password/reset/<str:uid>/<str:token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("tokens/", login.TokenListView.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", login.TokenRevokeView.as_view(), name="token_revoke"),
]
