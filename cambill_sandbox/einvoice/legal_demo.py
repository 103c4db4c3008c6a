"""Legal data and signing certificates for the demo's e-invoicing issuers, set through
the product's verbs (``cambill.einvoice.services``) as an admin would on the pages.

* a Mexican issuer: SAT's test taxpayer EKU9003173C9 with SAT's test CSD (vendored in
  ``sat_test_csd/``, see its PROVENANCE) and the sandbox PAC;
* a Colombian issuer: the sandbox DIAN's demo issuer (NIT 901234567-7, DIAN's
  habilitation test resolution) with its self-signed certificate (``dian_sandbox/``);
* their receivers: a Mexican account as "público en general" or with its RFC, a
  Colombian one with its cédula or NIT.

``setup_issuer(cloud)`` picks by the cloud's currency (MXN, COP); ``None`` is the
provider (its wholesale invoices).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from cambill.core.access import SYSTEM

CSD_DIR = Path(__file__).resolve().parent / "sat_test_csd"
MX_RFC = "EKU9003173C9"
MX_POSTAL_CODE = "42501"  # the LugarExpedicion SAT's examples give this taxpayer

MX_ISSUER: dict[str, Any] = {
    "legal_name": "ESCUELA KEMPER URGATE SA DE CV",
    "tax_id": MX_RFC,
    "street": "Av. Insurgentes Sur 1000",
    "city": "Ciudad de México",
    "region": "CMX",
    "postal_code": MX_POSTAL_CODE,
    "country": "MX",
    "einvoice": {
        "regime": "mx-cfdi40",
        "tax_regime": "601",
        "series": "A",
        "pac": "sandbox",
        "cfdi_use": "G03",
    },
}


def sat_test_csd() -> tuple[bytes, bytes, str]:
    """SAT's test CSD: the certificate (DER .cer), its encrypted key (.key), the password."""
    return (
        (CSD_DIR / "eku9003173c9_csd.cer").read_bytes(),
        (CSD_DIR / "eku9003173c9_csd.key").read_bytes(),
        (CSD_DIR / "eku9003173c9_csd.txt").read_text().strip(),
    )


def co_issuer() -> dict[str, Any]:
    from .dian import DEMO_NIT, DEMO_REGIME, DEMO_SECRETS

    return {
        "legal_name": "Telenet Colombia SAS",
        "tax_id": DEMO_NIT,
        "street": "Carrera 7 # 71-21",
        "city": "Bogotá",
        "region": "Bogotá D.C.",
        "postal_code": "110231",
        "country": "CO",
        "einvoice": {
            "regime": "co-dian",
            **{k: v for k, v in DEMO_REGIME.items() if v != ""},
            **DEMO_SECRETS,
            "id_type": "31",
            "municipality_code": "11001",
        },
    }


def _update(cloud: Any, data: dict[str, Any]) -> Any:
    from cambill.einvoice.services import cloud_legal_update, provider_legal_update

    if cloud is None:
        einvoice = {k: v for k, v in data["einvoice"].items() if k not in ("cfdi_use", "id_type")}
        return provider_legal_update(actor=SYSTEM, **{**data, "einvoice": einvoice})
    return cloud_legal_update(actor=SYSTEM, cloud=cloud, **data)


def setup_issuer(cloud: Any, *, country: str, now: datetime | None = None) -> Any:
    """Give ``cloud`` (or the provider, ``None``) the demo legal data of ``country``
    (``MX`` or ``CO``) and upload its certificate, once."""
    from cambill.einvoice.selectors import credential_list
    from cambill.einvoice.services import credential_upload

    if country == "MX":
        party = _update(cloud, MX_ISSUER)
        cer, key, password = sat_test_csd()
    elif country == "CO":
        from .dian import demo_certificate

        party = _update(cloud, co_issuer())
        cer, key = demo_certificate()
        password = ""
    elif country in EU_ISSUERS:
        return _update(cloud, EU_ISSUERS[country])  # EN 16931: nothing to sign with
    elif country == "ES":
        # Verifactu: AEAT's web service is reached with the issuer's certificate
        party = _update(cloud, ES_ISSUER)
        cer, key = es_certificate()
        password = ""
    else:
        raise ValueError(f"no demo e-invoicing issuer for {country!r}")
    if not credential_list(actor=SYSTEM, cloud=cloud).exists():
        credential_upload(
            actor=SYSTEM,
            cloud=cloud,
            certificate=cer,
            private_key=key,
            password=password,
            now=now,
        )
    return party


# The European issuers (issue #20): a Belgian cloud on Peppol (its enterprise number as
# its Peppol address, the sandbox access point) and a French one on Factur-X.
EU_ISSUERS: dict[str, dict[str, Any]] = {
    "BE": {
        "legal_name": "Brabant Camera Cloud NV",
        "tax_id": "0477472701",
        "street": "Wetstraat 16",
        "city": "Brussel",
        "postal_code": "1000",
        "country": "BE",
        "einvoice": {
            "regime": "eu-peppol",
            "endpoint_scheme": "0208",
            "endpoint_id": "0477472701",
            "access_point": "sandbox",
            "iban": "BE71096123456769",
            "bic": "GKCCBEBB",
        },
    },
    "FR": {
        "legal_name": "Lumière Vidéo SAS",
        "tax_id": "FR44732829320",
        "street": "12 rue de Rivoli",
        "city": "Paris",
        "postal_code": "75001",
        "country": "FR",
        "einvoice": {"regime": "eu-facturx", "iban": "FR7630006000011234567890189"},
    },
}


# The Spanish issuer (issue #20): Verifactu records chained under its CIF, sent to the
# sandbox AEAT with a self-signed certificate naming it as Spain's FNMT does.
ES_CIF = "B86123452"
ES_ISSUER: dict[str, Any] = {
    "legal_name": "Iberia Cable S.L.",
    "tax_id": ES_CIF,
    "street": "Calle de Alcalá 45",
    "city": "Madrid",
    "region": "Madrid",
    "postal_code": "28014",
    "country": "ES",
    "einvoice": {"regime": "es-verifactu", "series": "IB/"},
}


ES_DIR = Path(__file__).resolve().parent / "aeat_sandbox"


def es_certificate() -> tuple[bytes, bytes]:
    """A self-signed certificate and its key (PEM, unencrypted) for the Spanish issuer:
    serialNumber ``IDCES-<CIF>`` as the FNMT's representative certificates carry it. The
    same one every time (``aeat_sandbox/PROVENANCE``): a demo is the same on every run."""
    return (
        (ES_DIR / "demo_issuer.cer.pem").read_bytes(),
        (ES_DIR / "demo_issuer.key.pem").read_bytes(),
    )


def es_nif(i: int) -> str:
    """A Spanish NIF (a DNI's eight digits and its check letter), valid for stdnum."""
    number = 30000000 + 7919 * i
    return f"{number:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def be_enterprise_number(i: int) -> str:
    """A Belgian enterprise number with valid check digits (0 + 7 digits + mod 97)."""
    base = 2000000 + 7919 * i
    return f"0{base:07d}{97 - base % 97:02d}"


def fr_vat(i: int) -> str:
    """A French VAT number on a SIREN with a valid Luhn digit."""
    body = f"{40000000 + 7919 * i:08d}"
    total = 0
    for n, ch in enumerate(reversed(body + "0")):
        d = int(ch) * (2 if n % 2 else 1)
        total += d - 9 if d > 9 else d
    siren = body + str((10 - total % 10) % 10)
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def setup_receiver(account: Any, *, country: str, tax_id: str = "", index: int = 0) -> Any:
    """A demo subscriber as receiver: in Mexico "público en general" (or its RFC), in
    Colombia a cédula (or a NIT when ``tax_id`` is one)."""
    from cambill.einvoice.services import account_legal_update

    if country == "ES":
        # one in four a consumer without a tax id (a simplified invoice, F2), one in
        # three in the regime with its VAT category, the others a business's NIF
        data = {
            "tax_id": "" if index % 4 == 3 else es_nif(index),
            "city": "Madrid",
            "postal_code": "28001",
            "country": "ES",
            "einvoice": (
                {"regime": "es-verifactu", "vat_category": "S"}
                if index % 4 != 3 and index % 3 == 0
                else {"regime": "none"}
            ),
        }
        return account_legal_update(actor=SYSTEM, account=account, **data)
    if country == "BE":
        number = be_enterprise_number(index)
        data = {
            "tax_id": number,
            "city": "Gent",
            "street": "Botermarkt 1",
            "postal_code": "9000",
            "country": "BE",
            "einvoice": {
                "regime": "eu-peppol",
                "endpoint_scheme": "0208",
                "endpoint_id": number,
                "buyer_reference": f"CCTV-{account.code}",
            },
        }
        return account_legal_update(actor=SYSTEM, account=account, **data)
    if country == "FR":
        data = {
            "tax_id": fr_vat(index),
            "city": "Lyon",
            "street": "1 place de la Comédie",
            "postal_code": "69001",
            "country": "FR",
            "einvoice": {"regime": "eu-facturx", "buyer_reference": f"SERV-{account.code}"},
        }
        return account_legal_update(actor=SYSTEM, account=account, **data)
    if country == "MX":
        data = {
            "tax_id": tax_id or "XAXX010101000",
            "postal_code": MX_POSTAL_CODE,
            "country": "MX",
            "einvoice": {
                "regime": "mx-cfdi40",
                "tax_regime": "601" if tax_id else "616",
                "cfdi_use": "G03" if tax_id else "S01",
            },
        }
    else:
        data = {
            "tax_id": tax_id or "1020304050",
            "city": "Bogotá",
            "country": "CO",
            "einvoice": {
                "regime": "co-dian",
                "id_type": "31" if tax_id else "13",
                "tax_responsibilities": ["R-99-PN"],
            },
        }
    return account_legal_update(actor=SYSTEM, account=account, **data)
