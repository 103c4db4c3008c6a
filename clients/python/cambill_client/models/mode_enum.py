from enum import StrEnum

class ModeEnum(StrEnum):
    PAYMENT = "payment"
    SETUP = "setup"

    def __str__(self) -> str:
        return str(self.value)
