"""The clock-hour record PDF (OSPI's approved-transcript items and the affidavit), the
Oregon PDU log, and the provider's seal and signature (issue 11)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from pdportal.models import AttendanceStatus, CertificateSigning, CreditType, NetworkImage
from pdportal.services import certificates
from pdportal.services.certificates import seals
from pdportal.services.certificates.seals import ImageError, ImageKind, ImageRefusal

P = AttendanceStatus.PRESENT


def png(width: int = 300, height: int = 200, mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (10, 60, 120, 200) if mode == "RGBA" else 128).save(
        out, format="PNG"
    )
    return out.getvalue()


@pytest.fixture
def issued(past_workshop, make_network, make_user, enrol, mark, clock_hours_ready):
    network = make_network(
        name="Puget Sound STEM Partnership",
        provider_name="Puget Sound ESD",
        provider_number="WA-121",
        provider_designee="Dr. Ana Designee",
    )
    admin = make_user(admin_of=network)
    seals.upload(network, ImageKind.SEAL, png(), admin)
    seals.upload(network, ImageKind.SIGNATURE, png(400, 100), admin)
    workshop = past_workshop(
        network=network,
        title="Phenomena-Based Science",
        credit_type=CreditType.WA_CLOCK_HOURS,
        designations=["stem", "fundamental_course"],
        inservice_number="PSESD-42",
    )
    educator = make_user(name="Nguyễn Thị Ánh", licence_number="WA-555")
    mark(enrol(educator, workshop), workshop, [P, P])
    clock_hours_ready(workshop, educator, Decimal("5.5"))
    [certificate] = certificates.issue_for_workshop(workshop, admin).issued
    return {"certificate": certificate, "educator": educator, "admin": admin, "network": network}


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def images_in(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def test_the_clock_hour_record_has_every_item_of_the_approved_transcript(client, auth, issued):
    certificate = issued["certificate"]
    auth.login(issued["educator"])
    response = client.get(f"/me/certificates/{certificate.id}/clock-hours.pdf")
    assert response.mimetype == "application/pdf"
    text = text_of(response.data)
    for item in [
        "Nguyễn Thị Ánh",  # name
        "WA-555",  # certificate number (optional)
        "Completion date",
        "5.5",  # hours
        "Phenomena-Based Science",  # title
        "STEM, Fundamental Course of Study",  # designations
        "Puget Sound ESD",
        "WA-121",
        "Dr. Ana Designee",  # the designee, under the signature
        "PSESD-42",
        certificate.number,
    ]:
        assert item in text, item
    assert "I affirm that I earned 5.5 of 6.0 clock hours." in text
    assert "Affirmed by Nguyễn Thị Ánh on" in text
    assert images_in(response.data) == 2  # the seal and the signature


def test_the_certificate_pdf_carries_the_seal_and_signature(client, auth, issued):
    auth.login(issued["educator"])
    data = client.get(f"/me/certificates/{issued['certificate'].id}.pdf").data
    assert images_in(data) == 2


def test_a_typed_signature_when_no_image_is_uploaded(
    db, past_workshop, make_network, make_user, enrol, mark
):
    network = make_network(provider_designee="Pat Designee")
    seals.set_typed_signature(network, "/s/ Pat   Designee")
    workshop = past_workshop(network=network, credit_type=CreditType.OR_PDUS)
    educator = make_user()
    mark(enrol(educator, workshop), workshop, [P, P])
    [certificate] = certificates.issue_for_workshop(workshop, None).issued
    assert certificate.signing.signature_typed == "/s/ Pat Designee"
    from pdportal.documents import certificate as certificate_document

    pdf = certificate_document.render_certificate(certificate, "https://x.example/v/1")
    assert "/s/ Pat Designee" in text_of(pdf)


def test_a_new_upload_does_not_change_a_certificate_already_issued(db, issued):
    certificate = issued["certificate"]
    before = certificate.signing.seal_image_id
    newer = seals.upload(issued["network"], ImageKind.SEAL, png(50, 50), issued["admin"])
    db.session.refresh(certificate)
    assert certificate.signing.seal_image_id == before != newer.id
    assert db.session.scalar(select(NetworkImage).where(NetworkImage.id == before)) is not None


def test_other_credit_has_no_clock_hour_record(client, auth, issued, db):
    certificate = issued["certificate"]
    certificate.credit_type = CreditType.OR_PDUS
    db.session.commit()
    auth.login(issued["educator"])
    assert client.get(f"/me/certificates/{certificate.id}/clock-hours.pdf").status_code == 404


def test_someone_else_cannot_read_the_record(client, auth, issued, make_user):
    auth.login(make_user())
    url = f"/me/certificates/{issued['certificate'].id}/clock-hours.pdf"
    assert client.get(url).status_code == 403


def test_the_pdu_log_counts_one_pdu_an_hour_and_has_a_signature_line(
    client, auth, past_workshop, make_user, enrol, mark
):
    educator = make_user(name="Søren Ødegård")
    for title in ("Oregon Math Circle", "Oregon Science Lab"):
        workshop = past_workshop(title=title, credit_type=CreditType.OR_PDUS)
        mark(enrol(educator, workshop), workshop, [P, P])
        certificates.issue_for_workshop(workshop, None)
    wa = past_workshop(title="Washington Course", credit_type=CreditType.COMPLETION)
    mark(enrol(educator, wa), wa, [P, P])
    certificates.issue_for_workshop(wa, None)
    auth.login(educator)
    text = text_of(client.get("/me/pdu-log.pdf").data)
    assert "Oregon Math Circle" in text and "Oregon Science Lab" in text
    assert "Washington Course" not in text
    assert "Total PDUs: 12.0" in text
    assert "Educator's signature" in text and "Søren Ødegård" in text


# --- uploads -------------------------------------------------------------------------


def test_an_upload_is_redrawn_as_a_small_jpeg():
    jpeg, width, height = seals.normalised_jpeg(png(1200, 800))
    assert jpeg.startswith(b"\xff\xd8") and (width, height) == (300, 200)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", ImageRefusal.EMPTY),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", ImageRefusal.SVG),
        (b'<?xml version="1.0"?><svg/>', ImageRefusal.SVG),
        (b"GIF89a" + b"\x00" * 40, ImageRefusal.NOT_AN_IMAGE),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ImageRefusal.NOT_AN_IMAGE),
        (b"x" * (600 * 1024), ImageRefusal.TOO_LARGE),
    ],
)
def test_uploads_that_are_not_a_small_png_or_jpeg_are_refused(data, reason):
    with pytest.raises(ImageError) as refused:
        seals.normalised_jpeg(data)
    assert refused.value.reason == reason


def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = io.BytesIO()
    Image.new("1", (8000, 8000)).save(bomb, format="PNG")  # a few KB, 64 million pixels
    assert len(bomb.getvalue()) < seals.MAX_UPLOAD_BYTES
    with pytest.raises(ImageError) as refused:
        seals.normalised_jpeg(bomb.getvalue())
    assert refused.value.reason == ImageRefusal.TOO_MANY_PIXELS


def test_the_networks_admin_uploads_on_the_records_page(client, auth, db, make_network, make_user):
    network = make_network()
    admin = make_user(admin_of=network)
    auth.login(admin)
    url = f"/admin/networks/{network.slug}/clock-hours/images"
    response = client.post(
        url,
        data={"kind": "seal", "image": (io.BytesIO(png()), "seal.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(NetworkImage.kind)) == "seal"
    refused = client.post(
        url,
        data={"kind": "seal", "image": (io.BytesIO(b"<svg/>"), "seal.svg")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "SVG files are not taken" in refused.get_data(as_text=True)
    page = client.get(f"/admin/networks/{network.slug}/clock-hours").get_data(as_text=True)
    assert 'alt="The current seal"' in page


def test_another_networks_admin_cannot_upload(client, auth, db, make_network, make_user):
    network = make_network()
    auth.login(make_user(admin_of=make_network()))
    response = client.post(
        f"/admin/networks/{network.slug}/clock-hours/images",
        data={"kind": "seal", "image": (io.BytesIO(png()), "seal.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert db.session.scalar(select(NetworkImage)) is None


def test_a_huge_body_is_refused_before_it_is_read(client, auth, make_network, make_user):
    network = make_network()
    auth.login(make_user(admin_of=network))
    # The length says 2 MB; the body is never read, so a few bytes stand in for it.
    response = client.post(
        f"/admin/networks/{network.slug}/clock-hours/images",
        input_stream=io.BytesIO(b"--x--"),
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(2 * 1024 * 1024)},
    )
    assert response.status_code == 413


def test_the_body_limit_fits_the_largest_image():
    from pdportal.edge import FILE_UPLOADS

    assert FILE_UPLOADS["admin.upload_network_image"] > seals.MAX_UPLOAD_BYTES + 16 * 1024


def test_files_are_still_refused_everywhere_else(client, auth, make_network, make_user):
    network = make_network()
    auth.login(make_user(admin_of=network))
    response = client.post(
        f"/admin/networks/{network.slug}/clock-hours/typed-signature",
        data={"signature_typed": "x", "image": (io.BytesIO(png()), "a.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_typed_signature_is_saved(client, auth, db, make_network, make_user):
    network = make_network()
    auth.login(make_user(admin_of=network))
    client.post(
        f"/admin/networks/{network.slug}/clock-hours/typed-signature",
        data={"signature_typed": "/s/ Dee Signer"},
    )
    db.session.refresh(network)
    assert network.signature_typed == "/s/ Dee Signer"
    assert db.session.scalar(select(CertificateSigning)) is None
