from enum import StrEnum

class ProviderBankLinesListStatus(StrEnum):
    IGNORED = "ignored"
    MATCHED = "matched"
    SUGGESTED = "suggested"
    UNMATCHED = "unmatched"

    def __str__(self) -> str:
        return str(self.value)
