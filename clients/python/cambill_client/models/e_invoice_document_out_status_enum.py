from enum import StrEnum

class EInvoiceDocumentOutStatusEnum(StrEnum):
    ACCEPTED = "accepted"
    BUILT = "built"
    CANCELLED = "cancelled"
    FAILED = "failed"
    REJECTED = "rejected"
    SIGNED = "signed"
    SUBMITTED = "submitted"

    def __str__(self) -> str:
        return str(self.value)
