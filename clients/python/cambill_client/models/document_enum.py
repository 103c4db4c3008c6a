from enum import StrEnum

class DocumentEnum(StrEnum):
    CANCELLATION = "cancellation"
    CREDIT_NOTE = "credit_note"
    INVOICE = "invoice"
    PAYMENT = "payment"

    def __str__(self) -> str:
        return str(self.value)
