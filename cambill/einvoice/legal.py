"""Legal data of issuers and receivers, checked offline: pure functions, no ORM.

Three kinds of party carry legal data: the provider (issuer of wholesale
invoices), a cloud (issuer of its retail invoices *and* receiver of the
provider's) and an account (receiver). Each has an address, a tax id checked
with ``python-stdnum`` for its country, and an ``einvoice`` object: the
``regime`` and the regime's own keys, some of them write-only secrets.

Tax ids are stored compact, as stdnum compacts them (no spaces, dots or
dashes): a Colombian NIT keeps its check digit as its last digit
(``nit_parts`` splits it), a Mexican RFC is upper case.

Every refusal is a :class:`~cambill.einvoice.protocol.ValidationIssue` whose
``field`` is the key as the API names it (``tax_id``, ``einvoice.tax_regime``,
``einvoice.resolution.range_to``); ``LegalDataError`` carries them all.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from django.utils.translation import gettext as _

from .legal_codes import MX_CFDI_USES as MX_CFDI_USES  # the tables, re-exported
from .legal_codes import MX_PACS as MX_PACS
from .legal_codes import MX_TAX_REGIMES as MX_TAX_REGIMES
from .protocol import EInvoiceError, ValidationIssue
from .regimes.co_dian import codes as dian_codes
from .regimes.en16931.document import EU as EU_MEMBER_STATES

PartyRole = Literal["issuer", "receiver", "cloud"]  # a cloud is both

NONE, MX_CFDI40, CO_DIAN = "none", "mx-cfdi40", "co-dian"
EU_PEPPOL, EU_FACTURX = "eu-peppol", "eu-facturx"
ES_VERIFACTU = "es-verifactu"
REGIMES = (NONE, MX_CFDI40, CO_DIAN, EU_PEPPOL, EU_FACTURX, ES_VERIFACTU)
# The EN 16931 regimes: no signature, no authority's stamp; the VAT category per receiver.
EN16931_REGIMES = (EU_PEPPOL, EU_FACTURX)
# The country whose authority runs the regime: its issuers are established there.
REGIME_COUNTRY = {MX_CFDI40: "MX", CO_DIAN: "CO", ES_VERIFACTU: "ES"}
# EU member states (ISO 3166-1; Greece's VAT prefix is EL): an EN 16931 issuer is one.
EU_COUNTRIES = EU_MEMBER_STATES
# EN 16931 VAT categories (UNCL5305) a receiver may be in, with whether a reason is due.
VAT_CATEGORIES = {
    "S": "Standard rate",
    "AE": "Reverse charge (intra-EU B2B)",
    "Z": "Zero rated",
    "E": "Exempt",
    "O": "Outside the scope of VAT",
}
VAT_REASON_REQUIRED = ("AE", "E", "O")
# Peppol participant identifier schemes (ISO 6523 ICD) cambill knows; the EAS list
# has more, all four digits.
PEPPOL_SCHEMES = {
    "0002": "FR SIRENE",
    "0007": "SE Organisationsnummer",
    "0009": "FR SIRET",
    "0037": "FI OVT",
    "0060": "DUNS",
    "0088": "GLN",
    "0106": "NL KvK",
    "0184": "DK CVR",
    "0190": "NL OIN",
    "0192": "NO Organisasjonsnummer",
    "0195": "SG UEN",
    "0196": "IS Kennitala",
    "0198": "DK SE",
    "0204": "DE Leitweg-ID",
    "0208": "BE Enterprise number",
    "0209": "GS1",
    "0210": "IT Codice fiscale",
    "0211": "IT Partita IVA",
    "0230": "MY",
    "9906": "IT VAT",
    "9915": "AT VAT",
    "9920": "ES VAT",
    "9925": "BE VAT",
    "9930": "DE VAT",
    "9944": "NL VAT",
    "9957": "FR VAT",
}
PEPPOL_ACCESS_POINTS = ("sandbox", "rest")

# SAT's generic RFCs: the general public, and foreign receivers.
MX_GENERIC_RFCS = ("XAXX010101000", "XEXX010101000")
# DIAN's tax responsibilities and identity document types, as the DIAN adapter reads them.
CO_TAX_RESPONSIBILITIES = dian_codes.TAX_RESPONSIBILITIES
CO_ID_TYPES = dian_codes.ID_TYPES
CO_NIT = dian_codes.NIT
CO_ENVIRONMENTS = (1, 2)  # 1 production, 2 test (habilitación)

# The regime keys that are write-only secrets: stored encrypted, never returned.
SECRET_KEYS: dict[str, tuple[str, ...]] = {
    NONE: (),
    MX_CFDI40: ("pac_password",),
    CO_DIAN: ("software_pin", "technical_key"),
    EU_PEPPOL: (),
    EU_FACTURX: (),
    ES_VERIFACTU: (),
}

TEXT_MAX = 100  # a regime key's text (software id, PAC user name, ...)

# CLDR territories that are not ISO 3166-1 countries.
_NOT_ISO_3166_1 = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB"}
_NOT_ISO_3166_1 |= {"XK", "ZZ"}


class LegalDataError(EInvoiceError):
    """Legal data that cannot be stored: every wrong field at once."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        super().__init__("legal_data", issues)

    def fields(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for issue in self.issues:
            out.setdefault(issue.field, []).append(issue.message)
        return out


@dataclass
class _Issues:
    found: list[ValidationIssue] = field(default_factory=list)

    def add(self, where: str, message: str, code: str = "invalid") -> None:
        self.found.append(ValidationIssue(field=where, code=code, message=message))


# --- countries and tax ids ------------------------------------------------------------


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and their English names (from CLDR, through babel)."""
    from babel import Locale

    names = Locale("en").territories
    return {
        code: str(name)
        for code, name in sorted(names.items())
        if len(code) == 2 and code.isalpha() and code not in _NOT_ISO_3166_1
    }


def clean_country(value: Any) -> str:
    """The upper-case code, or ``ValueError`` with the message to show."""
    if value is not None and not isinstance(value, str):
        raise ValueError(_("Text expected."))
    code = (value or "").strip().upper()
    if code and code not in countries():
        raise ValueError(
            _("'%(value)s' is not an ISO 3166-1 alpha-2 country code (e.g. MX, CO).")
            % {"value": value}
        )
    return code


def _stdnum_module(country: str) -> Any:
    import stdnum

    if country == "MX":
        from stdnum.mx import rfc

        return rfc
    if country == "CO":
        from stdnum.co import nit

        return nit
    return stdnum.get_cc_module(country.lower(), "vat") if country else None


def clean_tax_id(country: str, tax_id: Any, *, id_type: str = "") -> str:
    """The tax id, compact, checked for ``country`` (``ValueError`` with the message).

    Mexico: an RFC with its check digit (or SAT's generic ones); Colombia: a NIT
    with its check digit, unless ``id_type`` says the receiver identifies with
    another document (a cédula, a passport). Countries stdnum knows a VAT number
    of are checked by it; others are kept as written, compacted.
    """
    from stdnum.exceptions import ValidationError

    if tax_id is not None and not isinstance(tax_id, str):
        raise ValueError(_("Text expected."))
    raw = (tax_id or "").strip()
    if not raw:
        return ""
    if country == "CO" and id_type and id_type != CO_NIT:
        compact = re.sub(r"[\s.\-]", "", raw).upper()
        if not re.fullmatch(r"[0-9A-Z]{3,20}", compact):
            raise ValueError(_("Digits and letters only, 3 to 20 of them."))
        return compact
    if country == "MX" and re.sub(r"[\s\-]", "", raw).upper() in MX_GENERIC_RFCS:
        return re.sub(r"[\s\-]", "", raw).upper()
    module = _stdnum_module(country)
    if module is None:
        return re.sub(r"\s", "", raw)
    try:
        if country == "MX":
            return str(module.validate(raw, validate_check_digits=True))
        return str(module.validate(raw))
    except ValidationError:
        names = {"MX": _("RFC"), "CO": _("NIT (with its check digit)")}
        what = names.get(country, _("tax id"))
        raise ValueError(
            _("This is not a valid %(what)s for %(country)s.") % {"what": what, "country": country}
        ) from None


def nit_parts(tax_id: str) -> tuple[str, str]:
    """A compact Colombian NIT as DIAN writes it: the number and its check digit."""
    return tax_id[:-1], tax_id[-1:]


# --- the regime's keys ------------------------------------------------------------------


def _text(issues: _Issues, where: str, value: Any, *, max_length: int = TEXT_MAX) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        issues.add(where, _("Text expected."))
        return ""
    value = value.strip()
    if len(value) > max_length:
        issues.add(
            where,
            _("At most %(n)d characters.") % {"n": max_length},
            code="max_length",
        )
    return value


def sat_codes(catalog_name: str) -> frozenset[str]:
    """The codes of one of SAT's CFDI catalogues (``c_RegimenFiscal``, ``c_UsoCFDI``,
    ``c_ClaveProdServ``, ``c_ClaveUnidad``), from SAT's own ``catCFDI.xsd``."""
    from .regimes.mx_cfdi40.catalogs import catalog

    return catalog(catalog_name)


def check_sat_code(catalog_name: str, value: Any) -> str:
    """A code of SAT's catalogue, or ``ValueError`` with the message."""
    code = str(value or "").strip().upper()
    if not code or code not in sat_codes(catalog_name):
        raise ValueError(
            _("'%(value)s' is not in SAT's %(catalog)s catalogue.")
            % {"value": value, "catalog": catalog_name}
        )
    return code


def _sat(issues: _Issues, where: str, value: Any, catalog_name: str) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        issues.add(where, _("Text expected."))
        return ""
    try:
        return check_sat_code(catalog_name, value)
    except ValueError as e:
        issues.add(where, str(e))
        return str(value)


def _choice(
    issues: _Issues, where: str, value: Any, allowed: Mapping[str, str] | tuple[str, ...]
) -> str:
    if value is not None and not isinstance(value, str):
        issues.add(where, _("Text expected."))
        return ""
    value = "" if value is None else value.strip()
    if value and value not in allowed:
        issues.add(where, _("Use one of %(values)s.") % {"values": ", ".join(allowed)})
    return value


def _codes(issues: _Issues, where: str, value: Any, allowed: Mapping[str, str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        issues.add(where, _('A list of codes expected, e.g. ["O-13"].'))
        return []
    wrong = [v for v in value if v not in allowed]
    if wrong:
        issues.add(
            where,
            _("Unknown: %(wrong)s. Use %(values)s.")
            % {"wrong": ", ".join(wrong), "values": ", ".join(allowed)},
        )
    return list(dict.fromkeys(value))


def _uuid(issues: _Issues, where: str, value: Any) -> str:
    text = _text(issues, where, value)
    if text:
        try:
            text = str(uuid.UUID(text))
        except ValueError:
            issues.add(where, _("DIAN gives this as a UUID (8-4-4-4-12 hexadecimal digits)."))
    return text


def _date(issues: _Issues, where: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        issues.add(where, _("A date as YYYY-MM-DD."))
        return None


def _positive_int(issues: _Issues, where: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        issues.add(where, _("A whole number, 0 or more."))
        return None
    return value


def _resolution(issues: _Issues, value: Any) -> dict[str, Any]:
    """DIAN's numbering resolution: its number, prefix, range and dates."""
    if value in (None, {}):
        return {}
    if not isinstance(value, Mapping):
        issues.add("einvoice.resolution", _("An object expected."))
        return {}
    where = "einvoice.resolution."
    known = {"number", "prefix", "range_from", "range_to", "valid_from", "valid_until"}
    for key in value:
        if key not in known:
            issues.add(where + str(key), _("Unknown key."))
    number = _text(issues, where + "number", value.get("number"), max_length=20)
    if number and not number.isdigit():
        issues.add(where + "number", _("Digits only, as DIAN numbers its resolutions."))
    prefix = _text(issues, where + "prefix", value.get("prefix"), max_length=4)
    if prefix and not prefix.isalnum():
        issues.add(where + "prefix", _("Letters and digits only, at most 4."))
    start = _positive_int(issues, where + "range_from", value.get("range_from"))
    end = _positive_int(issues, where + "range_to", value.get("range_to"))
    if start is not None and end is not None and end < start:
        issues.add(where + "range_to", _("The range ends before it starts."))
    valid_from = _date(issues, where + "valid_from", value.get("valid_from"))
    valid_until = _date(issues, where + "valid_until", value.get("valid_until"))
    if valid_from and valid_until and valid_until < valid_from:
        issues.add(where + "valid_until", _("The resolution ends before it starts."))
    return {
        "number": number,
        "prefix": prefix,
        "range_from": start,
        "range_to": end,
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_until": valid_until.isoformat() if valid_until else None,
    }


# Which keys each kind of party has, per regime (the cloud: both sides).
ISSUER_KEYS = {
    NONE: (),
    MX_CFDI40: ("tax_regime", "series", "pac", "pac_username", "pac_password"),
    CO_DIAN: (
        "tax_responsibilities",
        "software_id",
        "software_pin",
        "technical_key",
        "environment",
        "test_set_id",
        "resolution",
        # optional, as the DIAN adapter reads them: a technology provider that runs the
        # software, the tax scheme, the kind of person, the DIVIPOLA municipality
        "software_provider_nit",
        "tax_scheme",
        "person_type",
        "municipality_code",
    ),
    # an EN 16931 issuer: its Peppol address, its access point, the IBAN it is paid to
    EU_PEPPOL: ("endpoint_scheme", "endpoint_id", "access_point", "iban", "bic"),
    EU_FACTURX: ("endpoint_scheme", "endpoint_id", "iban", "bic"),
    # Verifactu: the series written before cambill's number in NumSerieFactura
    ES_VERIFACTU: ("series",),
}
# An EN 16931 receiver: its electronic address, its references, its VAT category.
_EN16931_RECEIVER = (
    "endpoint_scheme",
    "endpoint_id",
    "buyer_reference",
    "order_reference",
    "vat_category",
    "vat_exemption_reason",
)
RECEIVER_KEYS = {
    NONE: (),
    # fiscal_residence: a foreign receiver's country as SAT's c_Pais (ISO alpha-3)
    MX_CFDI40: ("tax_regime", "cfdi_use", "fiscal_residence"),
    CO_DIAN: ("id_type", "tax_responsibilities", "tax_scheme", "person_type", "municipality_code"),
    EU_PEPPOL: _EN16931_RECEIVER,
    EU_FACTURX: _EN16931_RECEIVER,
    ES_VERIFACTU: ("vat_category", "vat_exemption_reason"),
}
CO_TAX_SCHEMES = dian_codes.TAX_SCHEMES
CO_PERSON_TYPES = dian_codes.PERSON_TYPES


def regime_keys(regime: str, role: PartyRole) -> tuple[str, ...]:
    if role == "issuer":
        return ISSUER_KEYS[regime]
    if role == "receiver":
        return RECEIVER_KEYS[regime]
    return tuple(dict.fromkeys(ISSUER_KEYS[regime] + RECEIVER_KEYS[regime]))


@dataclass(frozen=True)
class CleanEInvoice:
    """A checked ``einvoice`` object: its public keys and its secrets, apart."""

    public: dict[str, Any]
    secrets: dict[str, str]


def clean_einvoice(
    value: Any,
    *,
    role: PartyRole,
    country: str = "",
    secrets: Mapping[str, str] | None = None,
) -> CleanEInvoice:
    """Check an ``einvoice`` object (``LegalDataError`` lists every wrong key).

    ``secrets`` are those stored: a secret key left out keeps its value, an empty
    one clears it; changing the regime drops the old regime's secrets. A key
    the party's regime does not have is refused.
    """
    issues = _Issues()
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise LegalDataError([ValidationIssue("einvoice", "invalid", _("An object expected."))])
    if "regime" not in value:
        issues.add(
            "einvoice.regime",
            _("Say the regime: one of %(values)s.") % {"values": ", ".join(REGIMES)},
            code="required",
        )
        raise LegalDataError(issues.found)
    regime = value.get("regime")
    if not isinstance(regime, str) or regime not in REGIMES:
        issues.add("einvoice.regime", _("Use one of %(values)s.") % {"values": ", ".join(REGIMES)})
        raise LegalDataError(issues.found)
    allowed = regime_keys(regime, role)
    for key in value:
        if key != "regime" and key not in allowed:
            issues.add(
                f"einvoice.{key}",
                _("'%(key)s' is not a key of the %(regime)s regime here; use %(keys)s.")
                % {"key": key, "regime": regime, "keys": ", ".join(allowed) or "-"},
            )
    wanted_country = REGIME_COUNTRY.get(regime)
    if wanted_country and role != "receiver" and country and country != wanted_country:
        issues.add(
            "country",
            _("An issuer in the %(regime)s regime is established in %(country)s.")
            % {"regime": regime, "country": wanted_country},
        )
    public: dict[str, Any] = {"regime": regime}
    if regime == MX_CFDI40:
        public.update(_mx(issues, value, allowed))
    elif regime == CO_DIAN:
        public.update(_co(issues, value, allowed))
    elif regime in EN16931_REGIMES:
        public.update(_en16931(issues, value, allowed, regime=regime))
    elif regime == ES_VERIFACTU:
        public.update(_es(issues, value, allowed))
    if regime in EN16931_REGIMES and role != "receiver" and country and country not in EU_COUNTRIES:
        issues.add(
            "country",
            _("An issuer in the %(regime)s regime is established in an EU member state.")
            % {"regime": regime},
        )
    if issues.found:
        raise LegalDataError(issues.found)
    kept = {k: v for k, v in (secrets or {}).items() if k in SECRET_KEYS[regime] and k in allowed}
    for key in SECRET_KEYS[regime]:
        if key in allowed and key in public:
            given = public.pop(key)
            if given:
                kept[key] = given
            else:
                kept.pop(key, None)
    return CleanEInvoice(public=public, secrets=kept)


def _mx(issues: _Issues, value: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "tax_regime" in allowed:
        out["tax_regime"] = _sat(
            issues, "einvoice.tax_regime", value.get("tax_regime"), "c_RegimenFiscal"
        )
    if "cfdi_use" in allowed:
        out["cfdi_use"] = _sat(issues, "einvoice.cfdi_use", value.get("cfdi_use"), "c_UsoCFDI")
    if "series" in allowed:
        series = _text(issues, "einvoice.series", value.get("series"), max_length=25)
        if "|" in series:
            issues.add("einvoice.series", _("A CFDI series cannot contain '|'."))
        out["series"] = series
    if "pac" in allowed:
        pac = value.get("pac")
        out["pac"] = _choice(
            issues, "einvoice.pac", "sandbox" if pac in (None, "") else pac, MX_PACS
        )
        out["pac_username"] = _text(issues, "einvoice.pac_username", value.get("pac_username"))
        if "pac_password" in value:
            out["pac_password"] = _text(issues, "einvoice.pac_password", value.get("pac_password"))
    if "fiscal_residence" in value and "fiscal_residence" in allowed:
        residence = _text(issues, "einvoice.fiscal_residence", value.get("fiscal_residence"))
        if residence and not re.fullmatch(r"[A-Z]{3}", residence):
            issues.add("einvoice.fiscal_residence", _("SAT's c_Pais: three capital letters."))
        out["fiscal_residence"] = residence
    return out


def _co(issues: _Issues, value: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "id_type" in allowed:
        out["id_type"] = _choice(issues, "einvoice.id_type", value.get("id_type"), CO_ID_TYPES)
    out["tax_responsibilities"] = _codes(
        issues,
        "einvoice.tax_responsibilities",
        value.get("tax_responsibilities"),
        CO_TAX_RESPONSIBILITIES,
    )
    for key, codes in (("tax_scheme", CO_TAX_SCHEMES), ("person_type", CO_PERSON_TYPES)):
        if value.get(key) not in (None, ""):
            out[key] = _choice(issues, f"einvoice.{key}", value.get(key), codes)
    if value.get("municipality_code") not in (None, ""):
        code = _text(issues, "einvoice.municipality_code", value.get("municipality_code"))
        if not re.fullmatch(r"[0-9]{5}", code):
            issues.add("einvoice.municipality_code", _("DIVIPOLA's code: five digits."))
        out["municipality_code"] = code
    if "software_id" not in allowed:
        return out
    if value.get("software_provider_nit") not in (None, ""):
        try:
            out["software_provider_nit"] = clean_tax_id("CO", value.get("software_provider_nit"))
        except ValueError as e:
            issues.add("einvoice.software_provider_nit", str(e))
    out["software_id"] = _uuid(issues, "einvoice.software_id", value.get("software_id"))
    for key in ("software_pin", "technical_key"):
        if key in value:
            out[key] = _text(issues, f"einvoice.{key}", value.get(key))
    technical_key = out.get("technical_key")
    if technical_key and not re.fullmatch(r"[0-9a-fA-F]+", technical_key):
        issues.add("einvoice.technical_key", _("DIAN's technical key is hexadecimal."))
    environment = value.get("environment", 2)
    if isinstance(environment, str) and environment.strip() in ("1", "2"):
        environment = int(environment)
    if isinstance(environment, bool) or environment not in CO_ENVIRONMENTS:
        issues.add("einvoice.environment", _("1 (production) or 2 (test)."))
    out["environment"] = environment
    out["test_set_id"] = _uuid(issues, "einvoice.test_set_id", value.get("test_set_id"))
    out["resolution"] = _resolution(issues, value.get("resolution"))
    return out


def _en16931(
    issues: _Issues, value: Mapping[str, Any], allowed: tuple[str, ...], *, regime: str
) -> dict[str, Any]:
    """An EN 16931 party's keys: the Peppol address (ISO 6523 scheme and id), the
    issuer's access point and bank account, the receiver's references and VAT category."""
    out: dict[str, Any] = {}
    scheme = _text(issues, "einvoice.endpoint_scheme", value.get("endpoint_scheme"), max_length=4)
    endpoint = _text(issues, "einvoice.endpoint_id", value.get("endpoint_id"), max_length=50)
    if scheme and not re.fullmatch(r"[0-9]{4}", scheme):
        issues.add("einvoice.endpoint_scheme", _("An ISO 6523 ICD: four digits, e.g. 0208, 9920."))
    if scheme and endpoint:
        problem = endpoint_problem(scheme, endpoint)
        if problem:
            issues.add("einvoice.endpoint_id", problem)
    if bool(scheme) != bool(endpoint):
        where = "einvoice.endpoint_id" if scheme else "einvoice.endpoint_scheme"
        issues.add(where, _("The electronic address needs both its scheme and its id."))
    if scheme or endpoint:
        out["endpoint_scheme"], out["endpoint_id"] = scheme, endpoint
    if "access_point" in allowed:
        point = value.get("access_point")
        out["access_point"] = _choice(
            issues,
            "einvoice.access_point",
            "sandbox" if point in (None, "") else point,
            PEPPOL_ACCESS_POINTS,
        )
    if "iban" in allowed and value.get("iban") not in (None, ""):
        from stdnum import iban as stdnum_iban
        from stdnum.exceptions import ValidationError

        raw = _text(issues, "einvoice.iban", value.get("iban"), max_length=42)
        try:
            out["iban"] = stdnum_iban.validate(raw)
        except ValidationError:
            issues.add("einvoice.iban", _("This is not a valid IBAN."))
    if "bic" in allowed and value.get("bic") not in (None, ""):
        bic = _text(issues, "einvoice.bic", value.get("bic"), max_length=11).upper()
        if not re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?", bic):
            issues.add("einvoice.bic", _("A BIC: 8 or 11 letters and digits."))
        out["bic"] = bic
    for key in ("buyer_reference", "order_reference"):
        if key in allowed and value.get(key) not in (None, ""):
            out[key] = _text(issues, f"einvoice.{key}", value.get(key), max_length=100)
    if "vat_category" in allowed:
        given = value.get("vat_category")
        category = _choice(
            issues, "einvoice.vat_category", "S" if given in (None, "") else given, VAT_CATEGORIES
        )
        reason = _text(
            issues,
            "einvoice.vat_exemption_reason",
            value.get("vat_exemption_reason"),
            max_length=300,
        )
        if category in VAT_REASON_REQUIRED and not reason:
            issues.add(
                "einvoice.vat_exemption_reason",
                _("Say why no VAT is charged (printed on the invoice), e.g. Reverse charge."),
                code="required",
            )
        out["vat_category"] = category
        if reason:
            out["vat_exemption_reason"] = reason
    return out


def _es(issues: _Issues, value: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Verifactu's keys: the issuer's series (NumSerieFactura is it and cambill's number,
    at most 60 characters), a receiver's VAT category as the EN 16931 regimes check it."""
    out: dict[str, Any] = {}
    if "series" in allowed:
        series = _text(issues, "einvoice.series", value.get("series"), max_length=20)
        if series and not re.fullmatch(r"[A-Za-z0-9/\-_.]+", series):
            issues.add("einvoice.series", _("Letters, digits and / - _ . only."))
        out["series"] = series
    if "vat_category" in allowed:
        out.update(_en16931(issues, value, allowed, regime=ES_VERIFACTU))
    return out


def vat_exemption(einvoice: Mapping[str, Any] | None) -> str | None:
    """Why a receiver is invoiced without VAT, as the invoice prints it, or ``None``
    (VAT at the issuer's rate): its VAT category (EN 16931 ``vat_category``) is reverse
    charge, exempt, outside the scope or zero rated. Invoicing rates its invoices at 0 %."""
    category = str((einvoice or {}).get("vat_category") or "S")
    if category == "S" or category not in VAT_CATEGORIES:
        return None
    return str((einvoice or {}).get("vat_exemption_reason") or VAT_CATEGORIES[category])


def endpoint_problem(scheme: str, endpoint: str) -> str:
    """What is wrong with a Peppol electronic address (empty: fine): the schemes
    whose numbers have a check digit are checked with ``python-stdnum``."""
    from stdnum.exceptions import ValidationError

    checks: dict[str, Any] = {}
    try:
        from stdnum.be import vat as be_vat
        from stdnum.fr import siren, siret
        from stdnum.nl import btw

        checks = {"0208": be_vat, "9925": be_vat, "0002": siren, "0009": siret, "9944": btw}
    except ImportError:  # pragma: no cover - stdnum always ships them
        pass
    if not re.fullmatch(r"[A-Za-z0-9.:_\-]{1,50}", endpoint):
        return str(_("Letters, digits and . : _ - only, at most 50."))
    module = checks.get(scheme)
    if module is not None:
        try:
            module.validate(endpoint)
        except ValidationError:
            return str(
                _("This is not a valid %(scheme)s number.")
                % {"scheme": PEPPOL_SCHEMES.get(scheme, scheme)}
            )
    return ""


def vies_problem(country: str, tax_id: str) -> str:
    """VIES's answer on an EU VAT id (empty: valid, or VIES not asked): only where
    ``CAMBILL_EINVOICE_VIES`` turns it on; cambill is offline by default."""
    from django.conf import settings

    if not getattr(settings, "CAMBILL_EINVOICE_VIES", False) or country not in EU_COUNTRIES:
        return ""
    from stdnum.eu import vat as eu_vat

    prefix = "EL" if country == "GR" else country
    try:
        reply = eu_vat.check_vies(prefix + tax_id)
    except Exception:  # VIES down: the offline check stands
        return ""
    valid = reply.get("valid") if isinstance(reply, Mapping) else getattr(reply, "valid", None)
    if valid is False:
        return str(_("VIES does not know this VAT id."))
    return ""


# --- whole legal data ---------------------------------------------------------------------

ADDRESS_LIMITS = {"street": 200, "city": 100, "region": 100, "postal_code": 20}
LEGAL_KEYS = ("legal_name", "tax_id", *ADDRESS_LIMITS, "country", "einvoice")


def clean_legal(
    changes: Mapping[str, Any],
    *,
    current: Mapping[str, Any],
    role: PartyRole,
    secrets: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], dict[str, str] | None]:
    """Check a change of legal data against the party's ``current`` values.

    Returns the fields to store and the regime secrets to store (``None``: the
    secrets are unchanged). The tax id is checked against the country after the
    change, so changing only the country re-checks the stored tax id.
    """
    issues = _Issues()
    merged = {**current, **changes}
    out: dict[str, Any] = {}
    for key in changes:
        if key not in LEGAL_KEYS:
            issues.add(key, _("'%(field)s' is not legal data.") % {"field": key})
    if "legal_name" in changes:
        out["legal_name"] = _text(issues, "legal_name", changes["legal_name"], max_length=200)
    for key, limit in ADDRESS_LIMITS.items():
        if key in changes:
            out[key] = _text(issues, key, changes[key], max_length=limit)
    country = str(merged.get("country") or "")
    if "country" in changes:
        try:
            country = out["country"] = clean_country(changes["country"])
        except ValueError as e:
            issues.add("country", str(e))
    einvoice = merged.get("einvoice") or {}
    id_type = str(einvoice.get("id_type") or "") if isinstance(einvoice, Mapping) else ""
    if {"tax_id", "country", "einvoice"} & set(changes) and not issues.found:
        try:
            tax_id = clean_tax_id(country, merged.get("tax_id"), id_type=id_type)
            regime = str(einvoice.get("regime") or "") if isinstance(einvoice, Mapping) else ""
            if tax_id and regime in EN16931_REGIMES and "tax_id" in changes:
                problem = vies_problem(country, tax_id)
                if problem:
                    raise ValueError(problem)
        except ValueError as e:
            issues.add("tax_id", str(e))
        else:
            if "tax_id" in changes or tax_id != merged.get("tax_id"):
                out["tax_id"] = tax_id
    new_secrets: dict[str, str] | None = None
    if "einvoice" in changes or "country" in changes:
        try:
            clean = clean_einvoice(einvoice, role=role, country=country, secrets=secrets)
        except LegalDataError as e:
            issues.found.extend(e.issues)
        else:
            out["einvoice"] = clean.public
            new_secrets = clean.secrets
    if issues.found:
        raise LegalDataError(issues.found)
    return out, new_secrets


def missing_for_issuing(legal: Mapping[str, Any], *, role: PartyRole) -> list[ValidationIssue]:
    """What a party still lacks before a document of its regime can be built:
    every missing field, named as the API names it (empty: complete)."""
    issues = _Issues()
    einvoice = legal.get("einvoice") or {}
    regime = str(einvoice.get("regime") or NONE)
    if regime == NONE:
        return []
    need = ["legal_name", "tax_id", "country"]
    if role != "receiver" or regime == MX_CFDI40:
        need.append("postal_code")  # CFDI 4.0: LugarExpedicion, DomicilioFiscalReceptor
    if role != "receiver":
        need += ["street", "city"]
    for key in need:
        if not legal.get(key):
            issues.add(key, _("Required for legal e-invoices."), code="required")
    keys = {
        (MX_CFDI40, "issuer"): ("tax_regime", "pac"),
        (MX_CFDI40, "receiver"): ("tax_regime", "cfdi_use"),
        (CO_DIAN, "issuer"): ("tax_responsibilities", "software_id", "resolution"),
        (CO_DIAN, "receiver"): ("id_type",),
        # Peppol delivers to the receiver's address; Factur-X travels by e-mail
        (EU_PEPPOL, "issuer"): ("endpoint_scheme", "endpoint_id"),
        (EU_PEPPOL, "receiver"): ("endpoint_scheme", "endpoint_id"),
        (EU_FACTURX, "issuer"): (),
        (EU_FACTURX, "receiver"): (),
        (ES_VERIFACTU, "issuer"): (),
        (ES_VERIFACTU, "receiver"): (),
    }
    # a cloud is checked as the issuer here; as the receiver of the provider's wholesale
    # documents its caller asks with role="receiver"
    side = "issuer" if role == "cloud" else role
    for key in keys.get((regime, side), ()):
        if not einvoice.get(key):
            issues.add(f"einvoice.{key}", _("Required for legal e-invoices."), code="required")
    if (regime, side) == (EU_PEPPOL, "receiver") and not (
        einvoice.get("buyer_reference") or einvoice.get("order_reference")
    ):
        issues.add(
            "einvoice.buyer_reference",
            _("Peppol needs the buyer's reference or an order reference (PEPPOL-EN16931-R003)."),
            code="required",
        )
    return issues.found
