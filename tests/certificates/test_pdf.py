"""The certificate PDF: names in any script, hours, verification URL and its QR code, in
the words (and the language) it is given."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import fields

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

from pdportal.documents import certificate as certificate_pdf
from pdportal.documents import drawing
from pdportal.models import AttendanceStatus
from pdportal.services import certificates

NAMES = ["Nguyễn Thị Ánh", "José Ñúñez", "Zoë O'Brien-Łukasz"]


@pytest.mark.parametrize("font", [drawing.FONT, drawing.FONT_BOLD])
@pytest.mark.parametrize("name", [*NAMES, "Certificado de aprendizaje profesional: ¿Señal? ¡Sí!"])
def test_shipped_font_has_every_glyph_of_these_names(name, font):
    assert drawing.missing_glyphs(name, font) == set()
    # Decomposed input (e.g. from a macOS keyboard) is normalised before drawing.
    assert drawing.missing_glyphs(unicodedata.normalize("NFD", name), font) == set()


def test_fonts_ship_inside_the_package_with_their_licence():
    names = {path.name for path in drawing.FONTS_DIR.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"} <= names


@pytest.fixture
def issued(past_workshop, make_user, make_network, enrol, mark):
    def make(name: str):
        network = make_network(
            name="Puget Sound STEM Partnership",
            provider_name="Puget Sound ESD",
            provider_number="WA-1234",
            provider_designee="Dr. Ana Designee",
        )
        facilitator = make_user(name="Frances Facilitator")
        workshop = past_workshop(
            title="Modeling with Mathematics in Grades 6–8",
            network=network,
            facilitators=[facilitator],
            inservice_number="PSESD-2026-0042",
            designations=["stem"],
        )
        educator = make_user(name=name)
        mark(enrol(educator, workshop), workshop, [AttendanceStatus.PRESENT] * 2)
        admin = make_user(is_site_admin=True)
        [certificate] = certificates.issue_for_workshop(workshop, admin).issued
        return certificate

    return make


@pytest.mark.parametrize("name", NAMES)
def test_pdf_reads_back_name_hours_and_verification_url(issued, name):
    certificate = issued(name)
    url = certificates.verification_url(certificate)

    pdf = certificate_pdf.render_certificate(certificate, url)

    assert len(pdf) < 100_000
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = page.extract_text()
    assert name in text
    assert "6.0 Washington clock hours" in text or "6.0 Certificate of completion" in text
    assert url in text
    assert certificate.number in text
    assert "WA-1234" in text and "Frances Facilitator" in text
    assert url.startswith("http://localhost/certificates/verify/")


def _raster_of_qr_drawn_in(pdf: bytes) -> Image.Image:
    """Paint the small filled rectangles of the page (the QR modules) onto a bitmap."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    number = r"(-?[\d.]+)"
    rects = [
        tuple(float(v) for v in match)
        for match in re.findall(rf"{number} {number} {number} {number} re", content)
    ]
    modules = [r for r in rects if r[3] < 10]  # the page borders are the large ones
    scale, margin = 4, 40
    left = min(x for x, _, _, _ in modules)
    bottom = min(y for _, y, _, _ in modules)
    top = max(y + h for _, y, _, h in modules)
    right = max(x + w for x, _, w, _ in modules)
    size = (int((right - left) * scale) + 2 * margin, int((top - bottom) * scale) + 2 * margin)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for x, y, w, h in modules:
        x0 = margin + (x - left) * scale
        y0 = margin + (top - (y + h)) * scale  # PDF's y grows upwards, the bitmap's downwards
        draw.rectangle([x0, y0, x0 + w * scale - 1, y0 + h * scale - 1], fill=0)
    return image


def test_qr_code_drawn_in_the_pdf_decodes_to_the_verification_url(issued):
    certificate = issued("Zoë O'Brien-Łukasz")
    url = certificates.verification_url(certificate)
    pdf = certificate_pdf.render_certificate(certificate, url)

    [result] = zxingcpp.read_barcodes(_raster_of_qr_drawn_in(pdf))

    assert result.text == url
    assert result.format == zxingcpp.BarcodeFormat.QRCode


def test_qr_code_decodes_to_the_verification_url(issued):
    certificate = issued("José Ñúñez")
    url = certificates.verification_url(certificate)
    # The PDF draws the modules of exactly this QR code (see certificate_pdf.draw_qr).
    png = io.BytesIO()
    drawing.make_qr(url).save(png, kind="png", scale=6, border=4)
    image = Image.open(io.BytesIO(png.getvalue()))

    [result] = zxingcpp.read_barcodes(image)

    assert result.text == url
    assert result.format == zxingcpp.BarcodeFormat.QRCode


def test_provider_block_names_network_backbone_and_number_once_each(issued):
    # The network's backbone organisation is also its credit provider (the usual case).
    certificate = issued("José Ñúñez")
    assert certificate.provider_name == certificate.backbone_organisation == "Puget Sound ESD"
    pdf = certificate_pdf.render_certificate(
        certificate, certificates.verification_url(certificate)
    )

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    block = text.split("Provider\n", 1)[1].split("Facilitated by", 1)[0]
    assert block.splitlines() == [
        "Puget Sound STEM Partnership",
        "Puget Sound ESD",
        "Provider number WA-1234",
    ]
    assert text.count("Puget Sound ESD") == 1


def test_a_provider_that_is_neither_network_nor_backbone_is_named_before_its_number(issued):
    certificate = issued("Ada Lovelace")
    certificate.backbone_organisation = "Puget Sound STEM Partnership"  # same as the network
    certificate.provider_name = "Office of Superintendent of Public Instruction"
    labels = certificate_pdf.certificate_labels()
    assert certificate_pdf.provider_lines(certificate, labels) == [
        "Puget Sound STEM Partnership",
        "Office of Superintendent of Public Instruction",
        "Provider number WA-1234",
    ]


SPANISH = certificate_pdf.CertificateLabels(
    document_title="Certificado %(number)s — %(name)s",
    heading="Certificado de aprendizaje profesional",
    certifies="Se certifica que",
    completed="completó el aprendizaje profesional",
    hours="%(hours)s %(credit_type)s",
    inservice_number="Número de formación %(number)s",
    designations="Designaciones: %(names)s",
    provider="Proveedor",
    provider_number="Número de proveedor %(number)s",
    facilitated_by="Facilitado por",
    signature="Firma autorizada",
    issued="Emitido el %(date)s",
    certificate_number="Número de certificado %(number)s",
    verify_at="Verifique este certificado en",
    look_up_at="o escriba el número y el apellido en",
)


def test_the_pdf_prints_the_words_it_is_given_and_none_of_its_own(issued):
    certificate = issued("José Ñúñez")
    url = certificates.verification_url(certificate)

    pdf = certificate_pdf.render_certificate(certificate, url, SPANISH)

    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    for words in (
        "Certificado de aprendizaje profesional",
        "Se certifica que",
        "completó el aprendizaje profesional",
        "Número de formación PSESD-2026-0042",
        "Facilitado por",
        f"Número de certificado {certificate.number}",
        "Verifique este certificado en",
        "o escriba el número y el apellido en",
        "Número de proveedor WA-1234",
    ):
        assert words in text
    # The credit type is the workshop's, named in the language of the request (English here).
    assert f"6.0 {certificate.credit_type.label}" in text
    english = certificate_pdf.certificate_labels()
    others = text.replace(certificate.credit_type.label, "")
    for field in fields(english):
        words = getattr(english, field.name).split("%")[0].strip()
        assert not words or words not in others, words
    assert reader.metadata.title == f"Certificado {certificate.number} — José Ñúñez"


def test_a_certificate_asked_for_in_spanish_takes_its_words_from_the_translations(
    app, issued, monkeypatch
):
    """The labels come from gettext in the request's language; the catalog is merged
    later, so a stand-in gettext plays the Spanish one here."""
    certificate = issued("Ana Ruiz")
    asked = []

    def spanish(text: str, **values) -> str:
        asked.append(text)
        return "ES:" + text

    monkeypatch.setattr(certificate_pdf, "_", spanish)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        labels = certificate_pdf.certificate_labels()
        date = certificate_pdf.date_range_text(certificate)
        pdf = certificate_pdf.render_certificate(
            certificate, certificates.verification_url(certificate)
        )

    assert labels.heading == "ES:Certificate of Professional Learning"
    assert "Certificate of Professional Learning" in asked and "Verify this certificate at" in asked
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "ES:Certificate of Professional Learning" in text
    assert "ES:Verify this certificate at" in text
    assert " de " in date and date in text  # the dates as Babel writes them in Spanish
