"""Invoice, bill-run and report pages, mounted at ``/`` inside the ``web`` namespace."""

from django.urls import path

from cambill.web.core.routing import CLOUD
from cambill.web.invoicing import review as r
from cambill.web.invoicing import views as v

urlpatterns = [
    path("billing/", v.BillingOverviewView.as_view(), name="billing_overview"),
    path(CLOUD + "invoices/", v.InvoiceListView.as_view(), name="invoice_list"),
    path(CLOUD + "invoices/<int:pk>/", v.InvoiceDetailView.as_view(), name="invoice_detail"),
    path(CLOUD + "invoices/<int:pk>/issue/", v.InvoiceIssueView.as_view(), name="invoice_issue"),
    path(CLOUD + "invoices/<int:pk>/void/", v.InvoiceVoidView.as_view(), name="invoice_void"),
    path(
        CLOUD + "invoices/<int:pk>/credit-note/",
        v.CreditNoteCreateView.as_view(),
        name="credit_note_create",
    ),
    path(CLOUD + "invoices/<int:pk>/pdf/", v.InvoicePdfView.as_view(), name="invoice_pdf"),
    path(CLOUD + "bill-runs/", v.BillRunListView.as_view(), name="bill_run_list"),
    path(CLOUD + "bill-runs/new/", v.BillRunStartView.as_view(), name="bill_run_start"),
    path(CLOUD + "bill-runs/<int:pk>/", r.BillRunReviewView.as_view(), name="bill_run_detail"),
    path(
        CLOUD + "bill-runs/<int:pk>/actions/",
        r.BillRunActionView.as_view(),
        name="bill_run_action",
    ),
    path(
        CLOUD + "bill-runs/<int:pk>/issue-jobs/<int:job>/",
        r.IssueJobView.as_view(),
        name="issue_job",
    ),
    path(CLOUD + "reports/usage/", v.UsageReportView.as_view(), name="usage_report"),
]
