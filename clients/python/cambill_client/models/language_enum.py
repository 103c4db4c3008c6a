from enum import StrEnum

class LanguageEnum(StrEnum):
    EN = "en"
    ES = "es"
    PT_BR = "pt-br"

    def __str__(self) -> str:
        return str(self.value)
