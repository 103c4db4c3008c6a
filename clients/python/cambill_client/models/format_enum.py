from enum import StrEnum

class FormatEnum(StrEnum):
    CSV = "csv"
    PDF = "pdf"
    XLSX = "xlsx"

    def __str__(self) -> str:
        return str(self.value)
