"""AEAT's published Huella examples reproduce exactly (../shared SOURCES.md), and the
QR points at AEAT's checking service with the record's identity and total."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from cambill.einvoice.regimes.es_verifactu.huella import AltaFields, AnulacionFields, qr_url

FIRST = "3C464DAF61ACB827C65FDA19F352A4E3BDC2C640E9E9FC4CC058073F38F12F60"
SECOND = "F7B94CFD8924EDFF273501B01EE5153E4CE8F259766F88CF6ACB8935802A2B97"


def test_aeat_first_record_example() -> None:
    fields = AltaFields(
        nif="89890001K",
        num_serie="12345678/G33",
        fecha_expedicion="01-01-2024",
        tipo_factura="F1",
        cuota_total="12.35",
        importe_total="123.45",
        previous="",
        generated_at="2024-01-01T19:20:30+01:00",
    )
    assert fields.huella() == FIRST


def test_aeat_chained_record_example() -> None:
    fields = AltaFields(
        nif="89890001K",
        num_serie="12345679/G34",
        fecha_expedicion="01-01-2024",
        tipo_factura="F1",
        cuota_total="12.35",
        importe_total="123.45",
        previous=FIRST,
        generated_at="2024-01-01T19:20:35+01:00",
    )
    assert fields.huella() == SECOND


def test_anulacion_hashes_its_own_field_list() -> None:
    import hashlib

    fields = AnulacionFields(
        nif="89890001K",
        num_serie="12345679/G34",
        fecha_expedicion="01-01-2024",
        previous=SECOND,
        generated_at="2024-01-01T19:20:40+01:00",
    )
    text = (
        "IDEmisorFacturaAnulada=89890001K&NumSerieFacturaAnulada=12345679/G34"
        "&FechaExpedicionFacturaAnulada=01-01-2024&Huella="
        + SECOND
        + "&FechaHoraHusoGenRegistro=2024-01-01T19:20:40+01:00"
    )
    assert fields.huella() == hashlib.sha256(text.encode()).hexdigest().upper()
    assert fields.huella() != SECOND


def test_qr_url_names_nif_number_date_and_total() -> None:
    url = qr_url("89890001K", "12345678/G33", "01-01-2024", "123.45", test=False)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR"
    )
    assert parse_qs(parts.query) == {
        "nif": ["89890001K"],
        "numserie": ["12345678/G33"],
        "fecha": ["01-01-2024"],
        "importe": ["123.45"],
    }
    assert qr_url("89890001K", "1", "01-01-2024", "1.00", test=True).startswith(
        "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?"
    )
