from enum import StrEnum

class CloudsChargesExportRetrieveOutput(StrEnum):
    CSV = "csv"

    def __str__(self) -> str:
        return str(self.value)
