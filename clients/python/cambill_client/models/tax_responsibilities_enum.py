from enum import StrEnum

class TaxResponsibilitiesEnum(StrEnum):
    O_13 = "O-13"
    O_15 = "O-15"
    O_23 = "O-23"
    O_47 = "O-47"
    R_99_PN = "R-99-PN"

    def __str__(self) -> str:
        return str(self.value)
