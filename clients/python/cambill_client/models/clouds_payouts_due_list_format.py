from enum import StrEnum

class CloudsPayoutsDueListFormat(StrEnum):
    CSV = "csv"
    JSON = "json"

    def __str__(self) -> str:
        return str(self.value)
