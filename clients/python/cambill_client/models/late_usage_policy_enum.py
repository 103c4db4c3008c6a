from enum import StrEnum

class LateUsagePolicyEnum(StrEnum):
    CREDIT_NOTE_REPORT = "credit_note_report"
    NEXT_PERIOD = "next_period"

    def __str__(self) -> str:
        return str(self.value)
