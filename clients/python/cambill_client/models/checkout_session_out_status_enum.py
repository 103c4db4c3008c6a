from enum import StrEnum

class CheckoutSessionOutStatusEnum(StrEnum):
    AUTH_FAILED = "auth_failed"
    CANCELED = "canceled"
    DECLINED = "declined"
    OPEN = "open"
    PAID = "paid"
    SAVED = "saved"

    def __str__(self) -> str:
        return str(self.value)
