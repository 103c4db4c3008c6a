from enum import StrEnum

class EventsEnum(StrEnum):
    ACCOUNT_RESUMED = "account.resumed"
    ACCOUNT_SUSPENDED = "account.suspended"
    BILL_RUN_COMPLETED = "bill_run.completed"
    CAMERA_TARIFF_CHANGED = "camera.tariff_changed"
    INVOICE_ISSUED = "invoice.issued"
    INVOICE_PAID = "invoice.paid"
    INVOICE_VOIDED = "invoice.voided"
    PAYMENT_FAILED = "payment.failed"
    PAYMENT_SUCCEEDED = "payment.succeeded"

    def __str__(self) -> str:
        return str(self.value)
