from enum import StrEnum

class BankSuggestionOutStatusEnum(StrEnum):
    CONFIRMED = "confirmed"
    OPEN = "open"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
