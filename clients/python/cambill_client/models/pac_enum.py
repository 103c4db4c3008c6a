from enum import StrEnum

class PacEnum(StrEnum):
    COMERCIODIGITAL = "comerciodigital"
    DIVERZA = "diverza"
    FACTURAMA = "facturama"
    FINKOK = "finkok"
    MYSUITE = "mysuite"
    PRODIGIA = "prodigia"
    SANDBOX = "sandbox"
    SWSAPIEN = "swsapien"

    def __str__(self) -> str:
        return str(self.value)
