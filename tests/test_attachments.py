"""Images and files in posts and replies: judged by their bytes, re-encoded without
metadata, served only to readers of the post, erased with it; on the page, in the card,
in the API."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from support import can_write_now
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from intranet.extensions import db
from intranet.models import Attachment, Post
from intranet.platform import images
from intranet.posting import attachments, groups, posts
from intranet.text.markdown import render

GPS_TAG = 0x8825


def png_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_TAG] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 10.0)}
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def jpeg_rotated() -> bytes:
    """A 60 × 20 JPEG whose EXIF says: turn it a quarter (orientation 6)."""
    image = Image.new("RGB", (60, 20), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[GPS_TAG] = {1: "N", 2: (52.0, 5.0, 30.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def stored(app, row: Attachment) -> Path:
    return Path(app.instance_path) / "uploads" / row.path


def _storage(content: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(content), name, "attachments", "application/octet-stream")


def form_file(content: bytes, name: str):
    return (io.BytesIO(content), name)


def test_a_png_comes_back_without_its_exif_and_gps(app, ctx, make_user):
    author = make_user()
    assert b"PhoneMaker" in png_with_gps()
    post = posts.create_post(
        author,
        {"type": "update", "body": "Foto"},
        attachments.judge([attachments.Upload("locatie.png", png_with_gps())]),
    )
    (row,) = post.attachments
    assert (row.kind, row.mimetype, row.name, row.width, row.height) == (
        "image",
        "image/png",
        "locatie.png",
        64,
        48,
    )
    kept = stored(app, row).read_bytes()
    assert b"PhoneMaker" not in kept and b"Exif" not in kept
    assert not Image.open(io.BytesIO(kept)).getexif()
    assert (Path(app.instance_path) / "uploads" / row.thumbnail_path).is_file()


def test_a_jpeg_is_turned_upright_and_stripped(app, ctx, make_user):
    post = posts.create_post(
        make_user(),
        {"type": "update", "body": "x"},
        attachments.judge([attachments.Upload("a.jpg", jpeg_rotated())]),
    )
    (row,) = post.attachments
    assert (row.width, row.height) == (20, 60)
    with Image.open(stored(app, row)) as image:
        assert image.size == (20, 60) and not image.getexif()


@pytest.mark.parametrize(
    ("content", "name", "extension"),
    [
        (PDF, "cv.pdf", "pdf"),
        (docx(), "brief", "docx"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "WordDocument".encode("utf-16-le")
            + b"\x00" * 100,
            "oud.doc",
            "doc",
        ),
    ],
)
def test_documents_are_known_by_their_bytes(ctx, make_user, content, name, extension):
    post = posts.create_post(
        make_user(),
        {"type": "update", "body": "x"},
        attachments.judge([attachments.Upload(name, content)]),
    )
    (row,) = post.attachments
    assert row.kind == "file" and row.name.endswith("." + extension)
    assert row.mimetype == attachments.DOCUMENTS[extension]


def _kept_files(app) -> set:
    folder = Path(app.instance_path) / "uploads" / "attachments"
    return set(folder.iterdir()) if folder.exists() else set()


def test_a_renamed_exe_an_11_mb_file_and_an_eleventh_are_refused(app, ctx, make_user):
    author = make_user()
    before = _kept_files(app)
    with pytest.raises(Exception) as refused:
        posts.create_post(
            author,
            {"type": "update", "body": "x"},
            attachments.judge([attachments.Upload("factuur.pdf", EXE)]),
        )
    assert "factuur.pdf" in str(refused.value.fields["attachments"])
    big = PDF + b"0" * (11 * 1024 * 1024)
    with pytest.raises(Exception) as refused:
        posts.create_post(
            author,
            {"type": "update", "body": "x"},
            attachments.judge([attachments.Upload("groot.pdf", big)]),
        )
    assert "10 MB" in str(refused.value.fields["attachments"])
    with pytest.raises(Exception) as refused:
        posts.create_post(
            author,
            {"type": "update", "body": "x"},
            attachments.judge([attachments.Upload(f"{n}.pdf", PDF) for n in range(11)]),
        )
    assert "10" in str(refused.value.fields["attachments"])
    assert db.session.scalar(select(Post.id)) is None
    assert _kept_files(app) == before


def test_a_decompression_bomb_is_refused(ctx, make_user):
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")
    assert len(out.getvalue()) < 10 * 1024 * 1024
    with pytest.raises(Exception) as refused:
        posts.create_post(
            make_user(),
            {"type": "update", "body": "x"},
            attachments.judge([attachments.Upload("b.png", out.getvalue())]),
        )
    assert "attachments" in refused.value.fields


def test_deleting_the_post_removes_the_files_of_post_and_replies(app, ctx, make_user):
    author = make_user()
    post = posts.create_post(
        author,
        {"type": "update", "body": "x"},
        attachments.judge([attachments.Upload("a.pdf", PDF)]),
    )
    reply = posts.create_reply(
        author, post, "y", attachments.judge([attachments.Upload("b.png", png_with_gps())])
    )
    files = [stored(app, a) for a in [*post.attachments, *reply.attachments]]
    assert all(f.is_file() for f in files)
    posts.delete_post(author, post)
    assert not any(f.exists() for f in files)
    assert db.session.scalar(select(Attachment.id)) is None


def test_retention_erases_a_candidate_offers_files(app, ctx, make_user):
    from datetime import timedelta

    from intranet.platform.clock import local_today
    from intranet.recruiting import retention

    recruiter = make_user(role="recruiter")
    offer = posts.create_post(
        recruiter,
        {
            "type": "candidate_offer",
            "body": "Sterke kandidaat",
            "headline": "Java developer",
            "skills": ["Java"],
            "availability": "per direct",
            "location": "Utrecht",
            "candidate_name": "Piet",
            "candidate_contact": "piet@example.com",
            "consent": True,
        },
        attachments.judge([attachments.Upload("cv-piet.pdf", PDF)]),
    )
    path = stored(app, offer.attachments[0])
    offer.retain_until = local_today() - timedelta(days=1)
    db.session.commit()
    assert retention.erase_expired_candidates() == 1
    assert not path.exists()
    assert db.session.scalar(select(Attachment.id)) is None


def test_markdown_shows_only_attached_images():
    html = render("![kaart](attachment:kaart.png) ![spion](https://tracker.example/p.gif)").html
    assert 'src="attachment:kaart.png"' in html
    assert "tracker.example" not in re.sub(r'href="[^"]*"', "", html)
    assert "<img" in html and html.count("<img") == 1


def test_an_image_naming_no_attachment_is_its_words():
    html = render("Zie ![de kaart](attachment:weg.png) en ![ding](attachment:1)").html
    shown, used = attachments.inline(html, [], lambda row: "/nergens")
    assert "<img" not in shown and "de kaart" in shown and "ding" in shown and not used


def _private_post(author, member_files):
    group = groups.create_group(author, "Directie", private=True)
    return posts.create_post(
        author,
        {"type": "update", "body": "Intern", "group": group.id},
        member_files,
    )


def test_files_are_served_only_to_readers(app, ctx, make_user, login, api):
    author, outsider = make_user(), make_user()
    post = _private_post(
        author,
        attachments.judge(
            [attachments.Upload("plan.pdf", PDF), attachments.Upload("f.png", png_with_gps())]
        ),
    )
    pdf, image = post.attachments
    url = f"/posts/{post.id}/files/{pdf.key}"
    mine = login(author)
    answer = mine.get(url)
    assert answer.status_code == 200 and answer.data == PDF
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''plan.pdf" in answer.headers["Content-Disposition"]
    shown = mine.get(f"/posts/{post.id}/files/{image.key}")
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert shown.mimetype == "image/png"
    assert mine.get(f"/posts/{post.id}/files/{image.key}/thumbnail").mimetype == "image/webp"
    other = login(outsider)
    assert mine.get(url, headers={"If-None-Match": answer.headers["ETag"]}).status_code == 304
    assert other.get(url).status_code == 404
    assert other.get(f"/posts/{post.id}/files/{image.key}/thumbnail").status_code == 404
    assert other.get(f"/posts/{post.id}/files/{pdf.id}").status_code == 404
    assert api(outsider).get(f"/posts/{post.id}").status_code == 404
    assert app.test_client().get(url).status_code in (302, 401)


def test_the_card_shows_thumbnails_and_chips_and_changes_with_them(app, ctx, make_user, login):
    author = make_user()
    post = posts.create_post(
        author,
        {"type": "update", "body": "Zie ![de kaart](attachment:kaart.png)"},
        attachments.judge(
            [
                attachments.Upload("kaart.png", png_with_gps()),
                attachments.Upload("foto.png", png_with_gps()),
                attachments.Upload("offerte.pdf", PDF),
            ]
        ),
    )
    kaart, foto, pdf = post.attachments
    pdf_file = stored(app, pdf)
    web = login(author)
    page = web.get("/").get_data(as_text=True)
    assert f'src="/posts/{post.id}/files/{kaart.key}"' in page  # in the text
    assert f'src="/posts/{post.id}/files/{foto.key}/thumbnail"' in page  # in the gallery
    assert f"/posts/{post.id}/files/{kaart.key}/thumbnail" not in page  # not twice
    assert "offerte.pdf" in page and "kB" in page
    answer = web.post(f"/posts/{post.id}/edit", {"body": post.body, "remove_attachment": pdf.key})
    assert answer.status_code == 303
    assert "offerte.pdf" not in web.get("/").get_data(as_text=True)
    assert not pdf_file.exists()


def test_a_plain_form_post_with_files(app, ctx, make_user, login):
    author = make_user()
    web = login(author)
    answer = web.post(
        "/posts",
        {
            "type": "update",
            "update.body": "Met bijlage",
            "attachments": [form_file(png_with_gps(), "foto.png"), form_file(PDF, "plan.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]
    post = db.session.scalar(select(Post).where(Post.parent_id.is_(None)))
    assert [a.name for a in post.attachments] == ["foto.png", "plan.pdf"]
    refused = web.post(
        "/posts",
        {"type": "update", "update.body": "Met virus", "attachments": [form_file(EXE, "plan.pdf")]},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "plan.pdf" in refused.get_data(as_text=True)
    # Larger than the app's 2 MB for other forms: the form is read, the file judged.
    # Encoded in memory: the test client spools a big body to a file it leaves open.
    fields = MultiDict(
        [
            ("csrf_token", web.token()),
            ("type", "update"),
            ("update.body", "Groot"),
            ("attachments", _storage(PDF + b"0" * (3 * 1024 * 1024), "drie.pdf")),
            ("attachments", _storage(PDF + b"0" * (11 * 1024 * 1024), "elf.pdf")),
        ]
    )
    boundary, body = encode_multipart(fields)
    big = web.client.post(
        "/posts", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert big.status_code == 422
    assert "elf.pdf is groter dan 10 MB" in big.get_data(as_text=True)
    assert "drie.pdf" not in big.get_data(as_text=True)
    reply = web.post(
        f"/posts/{post.id}/replies",
        {"body": "Hier nog een", "attachments": [form_file(PDF, "bijlage.pdf")]},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 303
    page = web.get(f"/posts/{post.id}").get_data(as_text=True)
    assert "bijlage.pdf" in page


def test_the_api_lists_uploads_and_takes_off_attachments(app, ctx, make_user, api):
    author, colleague = make_user(), make_user()
    client = api(author)
    created = client.post("/posts", {"type": "update", "body": "API"}).get_json()
    answer = client.post(
        f"/posts/{created['id']}/attachments",
        data={"file": (io.BytesIO(png_with_gps()), "scherm.png")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.get_json()
    (shown,) = answer.get_json()["attachments"]
    assert shown["name"] == "scherm.png" and shown["kind"] == "image" and shown["size"] > 0
    assert f"/posts/{created['id']}/files/{shown['key']}" in shown["url"]
    refused = client.post(
        f"/posts/{created['id']}/attachments",
        data={"file": (io.BytesIO(EXE), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "attachments" in refused.get_json()["error"]["fields"]
    assert (
        api(colleague)
        .post(
            f"/posts/{created['id']}/attachments",
            data={"file": (io.BytesIO(PDF), "x.pdf")},
            content_type="multipart/form-data",
        )
        .status_code
        == 403
    )
    assert (
        api(colleague).get(f"/posts/{created['id']}").get_json()["attachments"][0]["name"]
        == "scherm.png"
    )
    path = shown["url"].split("://", 1)[1].split("/", 1)[1]
    fetched = client.client.get("/" + path, headers=client.headers)
    assert fetched.status_code == 200 and fetched.mimetype == "image/png"
    group = groups.create_group(author, "Klein clubje", private=True)
    hidden = client.post("/posts", {"type": "update", "body": "Geheim", "group": group.id})
    secret = client.post(
        f"/posts/{hidden.get_json()['id']}/attachments",
        data={"file": (io.BytesIO(PDF), "geheim.pdf")},
        content_type="multipart/form-data",
    ).get_json()["attachments"][0]
    outsider = api(colleague)
    secret_path = "/" + secret["url"].split("://", 1)[1].split("/", 1)[1]
    assert outsider.client.get(secret_path, headers=outsider.headers).status_code == 404
    assert outsider.get(f"/posts/{hidden.get_json()['id']}").status_code == 404
    assert client.client.get(secret_path, headers=client.headers).status_code == 200
    gone = client.delete(f"/posts/{created['id']}/attachments/{shown['key']}")
    assert gone.status_code == 200 and gone.get_json()["attachments"] == []


# A candidate offer's files ------------------------------------------------------------------

OFFER = {
    "type": "candidate_offer",
    "body": "Sterke planner, zie haar cv. ![haar pasfoto](attachment:pasfoto.png)",
    "headline": "Logistiek planner, Zwolle",
    "skills": "TMS, Excel",
    "availability": "per direct",
    "location": "Zwolle",
    "candidate_name": "Anna Kandidaat",
    "candidate_contact": "anna@example.org",
    "consent": True,
}


def _offer_with_files(api, recruiter) -> tuple[int, list[dict]]:
    """An offer made and given its files through the API, as a recruiter would."""
    client = api(recruiter)
    created = client.post("/posts", OFFER)
    assert created.status_code == 201, created.get_json()
    post_id = created.get_json()["id"]
    for name, content in (
        ("cv-anna.pdf", PDF),
        ("pasfoto.png", png_with_gps()),
        ("werk.png", png_with_gps()),
    ):
        answer = client.post(
            f"/posts/{post_id}/attachments",
            data={"file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 201, answer.get_json()
    files = answer.get_json()["attachments"]
    assert [f["name"] for f in files] == ["cv-anna.pdf", "pasfoto.png", "werk.png"]
    return post_id, files


def _local(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _names(text: str) -> set[str]:
    return {n for n in ("cv-anna.pdf", "pasfoto.png", "werk.png") if n in text}


def test_a_candidate_offers_files_are_for_recruiters_only(
    app, ctx, make_user, login, api, run_jobs
):
    """A candidate offer's files (a CV, a photo) are the candidate's personal data: not
    served, listed, shown in the text or given by the API to a reader who may not see
    candidate data; recruiters and admins get them everywhere."""
    author = make_user("recruiter")
    post_id, files = _offer_with_files(api, author)
    run_jobs()
    readers = {
        "recruiter": (make_user("recruiter"), True),
        "admin": (make_user("admin"), True),
        "employee": (make_user(), False),
    }
    for who, (reader, sees) in readers.items():
        web, client = login(reader), api(reader)
        for url in [f["url"] for f in files] + [f["thumbnail_url"] for f in files[1:]]:
            wanted = 200 if sees else 404
            assert web.get(_local(url)).status_code == wanted, (who, url)
            fetched = client.client.get(_local(url), headers=client.headers)
            assert fetched.status_code == wanted, (who, url)
        pages = {
            "post": web.get(f"/posts/{post_id}").get_data(as_text=True),
            "feed": web.get("/?scope=all").get_data(as_text=True),
            "search": web.get("/search?q=planner").get_data(as_text=True),
        }
        assert f"/posts/{post_id}" in pages["search"], who  # found, whatever it shows
        for name, page in pages.items():
            if name == "search":
                assert f"/posts/{post_id}/files/" not in page, who  # a snippet never lists files
                continue
            assert (f"/posts/{post_id}/files/" in page) is sees, (who, name)
            assert _names(page) == ({"cv-anna.pdf", "werk.png"} if sees else set()), (who, name)
            assert "haar pasfoto" in page, (who, name)  # the image's words, or the image
        one = client.get(f"/posts/{post_id}").get_json()
        feed = client.get("/feed?scope=all").get_json()["items"]
        found = client.get("/search?q=planner").get_json()["items"]
        (in_feed,) = [i for i in feed if i["id"] == post_id]
        (in_search,) = [i["post"] for i in found if i["id"] == post_id]
        for shown in (one, in_feed, in_search):
            assert len(shown["attachments"]) == (3 if sees else 0), who
            assert ("/files/" in shown["html"]) is sees, who
            assert "haar pasfoto" in shown["html"], who


def test_a_kept_card_face_never_carries_an_offers_files(
    app, ctx, make_user, login, api, monkeypatch
):
    """Were an offer's card part ever the same for every reader, its face would be kept
    once for all of them: a recruiter's face, files and all, must not reach an employee."""
    from intranet.web import cards

    monkeypatch.setattr(cards, "READER_CARDS", frozenset())
    post_id, _files = _offer_with_files(api, make_user("recruiter"))
    recruiter, employee = login(make_user("recruiter")), login(make_user())
    for _ in range(2):  # the second time from whatever was kept
        assert "cv-anna.pdf" in recruiter.get("/?scope=all").get_data(as_text=True)
        page = employee.get("/?scope=all").get_data(as_text=True)
        assert f"/posts/{post_id}" in page
        assert "cv-anna.pdf" not in page and f"/posts/{post_id}/files/" not in page


# Judged before the write unit ---------------------------------------------------------------


def test_images_are_judged_before_the_unit_holding_no_lock(
    app, ctx, make_user, login, api, monkeypatch
):
    """Pillow's decoding and encoding (seconds for a large photo) happen before the unit
    that stores the post begins: the request then holds no transaction, and on SQLite
    nobody else's write waits for it. The form still shows every problem at once."""
    author = make_user()
    judged = []
    clean = images.clean

    def watched(data):
        judged.append((db.session().in_transaction(), can_write_now()))
        return clean(data)

    monkeypatch.setattr(images, "clean", watched)
    web = login(author)
    made = web.post(
        "/posts",
        {
            "type": "update",
            "update.body": "Foto",
            "attachments": [form_file(png_with_gps(), "a.png")],
        },
        content_type="multipart/form-data",
    )
    assert made.status_code == 303
    post = db.session.scalar(select(Post).where(Post.parent_id.is_(None)))
    replied = web.post(
        f"/posts/{post.id}/replies",
        {"body": "En nog een", "attachments": [form_file(png_with_gps(), "b.png")]},
        content_type="multipart/form-data",
    )
    assert replied.status_code == 303
    edited = web.post(
        f"/posts/{post.id}/edit",
        {"body": "Foto's", "attachments": [form_file(png_with_gps(), "c.png")]},
        content_type="multipart/form-data",
    )
    assert edited.status_code == 303
    added = api(author).post(
        f"/posts/{post.id}/attachments",
        data={"file": (io.BytesIO(png_with_gps()), "d.png")},
        content_type="multipart/form-data",
    )
    assert added.status_code == 201
    assert judged == [(False, True)] * 4
    both = web.post(
        "/posts",
        {"type": "update", "update.body": " ", "attachments": [form_file(EXE, "virus.png")]},
        content_type="multipart/form-data",
    )
    assert both.status_code == 422
    text = both.get_data(as_text=True)
    assert "virus.png" in text and '<div class="field field--invalid">' in text  # and the body
    db.session.expire_all()
    assert [a.name for a in db.session.get(Post, post.id).attachments] == [
        "a.png",
        "c.png",
        "d.png",
    ]


# The edit history ----------------------------------------------------------------------------


def test_the_history_shows_attached_images_as_the_post_does(app, ctx, make_user, login, api):
    author = api(make_user())
    post_id = author.post(
        "/posts", {"type": "update", "body": "![de kaart](attachment:1)"}
    ).get_json()["id"]
    added = author.post(
        f"/posts/{post_id}/attachments",
        data={"file": (io.BytesIO(png_with_gps()), "kaart.png")},
        content_type="multipart/form-data",
    )
    (row,) = added.get_json()["attachments"]
    assert (
        author.patch(f"/posts/{post_id}", {"body": "Kaart: ![de kaart](attachment:1)"}).status_code
        == 200
    )
    page = login(make_user()).get(f"/posts/{post_id}/history").get_data(as_text=True)
    assert "attachment:" not in page.split("<pre", 1)[0]  # the old body is text, as typed
    assert f'src="/posts/{post_id}/files/{row["key"]}"' in page


# A key of another post, a post deleted on a page or by the API -------------------------------


def test_a_key_of_another_post_opens_nothing_on_this_one(app, ctx, make_user, login):
    author = make_user()
    first = posts.create_post(
        author,
        {"type": "update", "body": "Een"},
        attachments.judge([attachments.Upload("a.pdf", PDF)]),
    )
    second = posts.create_post(author, {"type": "update", "body": "Twee"})
    (row,) = first.attachments
    web = login(author)
    assert web.get(f"/posts/{first.id}/files/{row.key}").status_code == 200
    assert web.get(f"/posts/{second.id}/files/{row.key}").status_code == 404
    assert web.get(f"/posts/{second.id}/files/{row.key}/thumbnail").status_code == 404


def test_deleting_a_post_on_the_page_or_the_api_takes_its_files_off_the_disk(
    app, ctx, make_user, login, api
):
    author = make_user()
    made = [
        posts.create_post(
            author,
            {"type": "update", "body": f"Bericht {n}"},
            attachments.judge([attachments.Upload("f.png", png_with_gps())]),
        )
        for n in range(2)
    ]
    on_disk = {
        post.id: [stored(app, a) for a in post.attachments]
        + [Path(app.instance_path) / "uploads" / a.thumbnail_path for a in post.attachments]
        for post in made
    }
    assert all(f.is_file() for files in on_disk.values() for f in files)
    page, program = made
    assert login(author).post(f"/posts/{page.id}/delete").status_code == 303
    assert api(author).delete(f"/posts/{program.id}").status_code == 204
    assert not any(f.exists() for files in on_disk.values() for f in files)


# One image opener ----------------------------------------------------------------------------


def test_one_opener_refuses_alike_for_posts_and_photos():
    """A post's image and a profile photo are opened by the same code, within the same
    limits, and refused with the same reasons."""
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, format="PNG")
    for opener in (images.clean, lambda data: images.open_image(data, ("PNG",))):
        with pytest.raises(images.TooManyPixels):
            opener(bomb.getvalue())
        with pytest.raises(images.NotAnImage):
            opener(EXE)
        with pytest.raises(images.NotAnImage):
            opener(png_with_gps()[:200])  # cut off on the way
