from enum import StrEnum

class LineOutKindEnum(StrEnum):
    ADJUSTMENT = "adjustment"
    DISCOUNT = "discount"
    METERED = "metered"
    SERVICE = "service"
    TARIFF = "tariff"

    def __str__(self) -> str:
        return str(self.value)
