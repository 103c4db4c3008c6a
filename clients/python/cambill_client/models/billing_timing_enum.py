from enum import StrEnum

class BillingTimingEnum(StrEnum):
    ADVANCE = "advance"
    ARREARS = "arrears"

    def __str__(self) -> str:
        return str(self.value)
