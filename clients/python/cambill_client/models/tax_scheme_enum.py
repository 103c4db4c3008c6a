from enum import StrEnum

class TaxSchemeEnum(StrEnum):
    VALUE_0 = "01"
    VALUE_1 = "04"
    ZA = "ZA"
    ZZ = "ZZ"

    def __str__(self) -> str:
        return str(self.value)
