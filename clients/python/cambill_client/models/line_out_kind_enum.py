from enum import StrEnum

class LineOutKindEnum(StrEnum):
    ADJUSTMENT = "adjustment"
    ADVANCE = "advance"
    COUPON = "coupon"
    DISCOUNT = "discount"
    METERED = "metered"
    OFFLINE_CREDIT = "offline_credit"
    ONE_OFF = "one_off"
    SERVICE = "service"
    TARIFF = "tariff"
    TRUE_UP = "true_up"

    def __str__(self) -> str:
        return str(self.value)
