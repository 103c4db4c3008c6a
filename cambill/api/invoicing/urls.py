"""Invoice and bill-run routes, under ``/api/v1/clouds/<slug>/``.

Paths answer with and without the trailing slash (``invoices/7`` and
``invoices/7/``), so clients written from either spelling work.
"""

from cambill.api.core.routing import in_cloud, route

from .views import BillRunViewSet, InvoiceViewSet, IssueJobViewSet

B, V = BillRunViewSet, InvoiceViewSet
INVOICE = r"^invoices/(?P<pk>[^/]+)"

urlpatterns = [
    in_cloud(
        route(r"^bill-runs/?$", B, {"get": "list", "post": "create"}, name="bill-run-list"),
        route(r"^bill-runs/(?P<pk>[^/]+)/?$", B, {"get": "retrieve"}, name="bill-run-detail"),
        route(r"^bill-runs/(?P<pk>[^/]+)/issue/?$", B, {"post": "issue"}, name="bill-run-issue"),
        route(
            r"^issue-jobs/(?P<pk>[^/]+)/?$",
            IssueJobViewSet,
            {"get": "retrieve"},
            name="issue-job-detail",
        ),
        route(r"^invoices/?$", V, {"get": "list"}, name="invoice-list"),
        route(rf"{INVOICE}/?$", V, {"get": "retrieve"}, name="invoice-detail"),
        route(
            rf"{INVOICE}/credit-notes/?$",
            V,
            {"get": "credit_notes", "post": "credit_notes"},
            name="invoice-credit-notes",
        ),
        route(rf"{INVOICE}/issue/?$", V, {"post": "issue"}, name="invoice-issue"),
        route(rf"{INVOICE}/pdf/?$", V, {"get": "pdf"}, name="invoice-pdf"),
        route(rf"{INVOICE}/void/?$", V, {"post": "void"}, name="invoice-void"),
    ),
]
