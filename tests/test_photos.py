"""Profile photos (accounts.photos) over HTTP: checked by content, EXIF and GPS gone,
upright, the square picked, served only to people logged in with a versioned address,
removed and put back; initials otherwise; a new photo on an old post's kept card face; the
people directory by name, department and skill, a page at a time."""

from __future__ import annotations

import io
import os
import re

from PIL import Image
from support import can_write_now

from intranet.accounts import photos
from intranet.extensions import db
from intranet.models import User
from intranet.posting import posts

GPS = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)}


def jpeg(size=(600, 400), colour=(200, 30, 30), orientation=None, gps=True) -> bytes:
    """A JPEG as a phone writes it: EXIF with a camera, GPS and maybe an orientation."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmaker"  # Make
    exif[0x0131] = "Kamera 1.0"  # Software
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def upload(web, content: bytes, name="foto.jpg", **crop):
    data = {"photo": (io.BytesIO(content), name), **{f"crop_{k}": str(v) for k, v in crop.items()}}
    return web.post("/settings/photo", data=data, content_type="multipart/form-data")


def large_upload(web, content: bytes, name: str):
    """`upload` with the body made here: the test client's own, for a body past 500 kB,
    would wait in a temporary file left open."""
    body = (
        (
            f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{web.token()}\r\n'
            f'--b\r\nContent-Disposition: form-data; name="photo"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + b"\r\n--b--\r\n"
    )
    return web.client.post(
        "/settings/photo", data=body, content_type="multipart/form-data; boundary=b"
    )


def photo_src(html: str) -> list[str]:
    return re.findall(r'src="(/people/\d+/photo/[0-9a-f]+-\d+\.webp)"', html)


def fetched(web, url: str) -> Image.Image:
    response = web.get(url)
    assert response.status_code == 200 and response.mimetype == "image/webp"
    return Image.open(io.BytesIO(response.data))


def stored(user_id: int, token: str) -> Image.Image:
    return Image.open(io.BytesIO(photos.path(user_id, token, 96).read_bytes())).convert("RGB")


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_a_photo_is_reencoded_without_exif_or_gps(app, make_user, login):
    user = make_user(name="Daan Bakker")
    web = login(user)
    response = upload(web, jpeg())
    assert response.status_code == 303 and response.location.endswith("/settings/#photo")
    user = reload(user)
    assert user.photo and user.photo_before is None
    page = web.get("/settings/").get_data(as_text=True)
    assert "Je foto is opgeslagen." in page or "Your photo is saved." in page
    for size in photos.SIZES:
        raw = photos.path(user.id, user.photo, size).read_bytes()
        assert b"Telefoonmaker" not in raw and b"Exif" not in raw and b"GPS" not in raw
        image = fetched(web, f"/people/{user.id}/photo/{user.photo}-{size}.webp")
        assert image.format == "WEBP" and image.size == (size, size)
        assert not image.getexif() and "exif" not in image.info
        assert image.getpixel((size // 2, size // 2))[0] > 150  # the red survived


def test_orientation_is_applied_and_the_square_is_the_one_picked(app, make_user, login):
    # Left half blue, right half green, stored sideways with "rotate 90° clockwise" (6):
    # upright, the photo is 400 wide and 600 high, with blue on top.
    image = Image.new("RGB", (600, 400), (0, 0, 255))
    image.paste((0, 200, 0), (300, 0, 600, 400))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    user = make_user()
    web = login(user)
    # The bottom square of the upright photo: green only.
    assert upload(web, out.getvalue(), x=0, y=0.3333, size=1).status_code == 303
    user = reload(user)
    bottom = stored(user.id, user.photo)
    r, g, b = bottom.getpixel((48, 48))
    assert g > 150 and b < 80
    # Without a square (no JavaScript): the middle, half blue and half green.
    assert upload(web, out.getvalue()).status_code == 303
    middle = stored(user.id, reload(user).photo)
    top, low = middle.getpixel((48, 10)), middle.getpixel((48, 86))
    assert top[2] > 150 and low[1] > 150


def test_what_is_no_photo_is_refused_with_a_message(app, make_user, login):
    user = make_user()
    web = login(user)
    for content, name in [
        (b"%PDF-1.7 not a photo", "foto.jpg"),
        (b"GIF89a" + b"\0" * 100, "foto.gif"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "foto.svg"),
        (jpeg()[:200], "kapot.jpg"),  # cut off
    ]:
        response = upload(web, content, name)
        assert response.status_code == 422, name
        html = response.get_data(as_text=True)
        assert "JPEG, PNG" in html and 'id="err-photo"' in html, name
    empty = web.post("/settings/photo", data={}, content_type="multipart/form-data")
    assert empty.status_code == 422
    assert reload(user).photo is None


def test_a_bomb_and_a_too_large_file_are_refused(app, make_user, login):
    user = make_user()
    web = login(user)
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels in a few kB
    assert len(out.getvalue()) < 100_000
    response = upload(web, out.getvalue(), "bom.png")
    assert response.status_code == 422 and "megapixel" in response.get_data(as_text=True)
    big = large_upload(web, b"\xff\xd8" + b"\0" * (photos.PHOTO_MAX + 10), "groot.jpg")
    assert big.status_code in (413, 422) and "8 MB" in big.get_data(as_text=True)
    assert reload(user).photo is None


def test_a_photo_larger_than_other_bodies_is_read_before_any_query(app, make_user, login):
    """A photo may be larger than any other form (MAX_CONTENT_LENGTH): it is read whole
    before the request's first query, so no transaction waits for a slow upload."""
    from flask import has_request_context, request
    from sqlalchemy import event

    user = make_user()
    web = login(user)
    out = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(out, "PNG")
    assert app.config["MAX_CONTENT_LENGTH"] < len(out.getvalue()) < photos.PHOTO_MAX
    read_first = []

    def statement(*_args):
        if has_request_context() and request.path == "/settings/photo":
            read_first.append("form" in request.__dict__)  # parsed, the file with it

    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        response = large_upload(web, out.getvalue(), "ruis.png")
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    assert response.status_code == 303 and reload(user).photo
    assert read_first and all(read_first), read_first


def test_a_photo_is_made_with_no_transaction_holding_the_write_lock(
    app, make_user, login, monkeypatch
):
    """Pillow's work on a photo happens with the request's transaction ended: on SQLite
    another process can write meanwhile."""
    from intranet.platform import serving

    user = make_user()
    web = login(user)
    seen = []
    run = serving.in_real_thread

    def watched(function, *args):
        seen.append((db.session().in_transaction(), can_write_now()))
        return run(function, *args)

    monkeypatch.setattr(serving, "in_real_thread", watched)
    assert upload(web, jpeg()).status_code == 303
    assert seen == [(False, True)]
    assert reload(user).photo


def test_png_and_webp_with_transparency_are_taken(app, make_user, login):
    user = make_user()
    web = login(user)
    for kind in ("PNG", "WEBP"):
        out = io.BytesIO()
        Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(out, kind)
        assert upload(web, out.getvalue(), f"x.{kind.lower()}").status_code == 303
        flat = stored(user.id, reload(user).photo)
        assert flat.getpixel((10, 10)) == (255, 255, 255) or min(flat.getpixel((10, 10))) > 245


def test_photos_are_for_people_logged_in_with_a_versioned_address(app, make_user, login, api):
    user = make_user()
    web = login(user)
    upload(web, jpeg())
    user = reload(user)
    url = f"/people/{user.id}/photo/{user.photo}-96.webp"
    response = login(make_user()).get(url)
    assert response.status_code == 200
    control = response.headers["Cache-Control"]
    assert "private" in control and "immutable" in control and "max-age=31536000" in control
    assert "public" not in control
    assert app.test_client().get(url).status_code == 401
    # The API's address works with the API's token.
    me = api(user).get("/me").json
    assert me["photo"] == f"http://kring.test/people/{user.id}/photo/{user.photo}-256.webp"
    client = app.test_client()
    own = me["photo"].removeprefix("http://kring.test")
    with_token = client.get(own, headers=api(user).headers)
    assert with_token.status_code == 200
    bad = client.get(url, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    # A guessed token, another person's number, a size Kring doesn't make: none exist.
    assert web.get(f"/people/{user.id}/photo/{'0' * 16}-96.webp").status_code == 404
    assert web.get(f"/people/{user.id + 1}/photo/{user.photo}-96.webp").status_code == 404
    assert web.get(f"/people/{user.id}/photo/{user.photo}-97.webp").status_code == 404


def test_initials_without_a_photo_and_the_photo_where_people_are_shown(app, make_user, login, api):
    author = make_user(name="Sanne de Vries", department="Logistiek")
    reader = make_user(name="Bram Lezer")
    post = posts.create_post(author, {"type": "update", "body": "Hallo @" + reader.handle})
    posts.create_reply(author, post, "Dag Bram")
    web = login(reader)
    feed = web.get("/?scope=all").get_data(as_text=True)
    assert ">SV</span>" in feed and not photo_src(feed)
    assert api(reader).get(f"/posts/{post.id}").json["author"]["photo"] is None
    upload(login(author), jpeg())
    author = reload(author)
    expected = f"/people/{author.id}/photo/{author.photo}-96.webp"
    for path in ["/?scope=all", f"/posts/{post.id}", "/people", f"/u/{author.handle}"]:
        html = web.get(path).get_data(as_text=True)
        assert expected in html or expected.replace("-96", "-256") in html, path
    header = login(author).get("/people").get_data(as_text=True)
    i = header.index("<summary>", header.index("usermenu"))
    assert header[i:].startswith('<summary><img class="avatar avatar--sm avatar--photo" src="')
    assert (
        api(reader)
        .get(f"/posts/{post.id}")
        .json["author"]["photo"]
        .endswith(f"{author.photo}-256.webp")
    )


def test_a_new_photo_shows_on_an_old_posts_kept_card(app, make_user, login):
    author = make_user(name="Sanne de Vries")
    post = posts.create_post(author, {"type": "update", "body": "Een oud bericht"})
    web = login(make_user())
    first = web.get("/?scope=all").get_data(as_text=True)  # the face is kept now
    assert f'id="p{post.id}"' in first and not photo_src(first)
    author_web = login(author)
    upload(author_web, jpeg(colour=(0, 0, 200)))
    one = reload(author).photo
    second = web.get("/?scope=all").get_data(as_text=True)
    assert f"/people/{author.id}/photo/{one}-96.webp" in second
    upload(author_web, jpeg(colour=(0, 200, 0)))
    two = reload(author).photo
    third = web.get("/?scope=all").get_data(as_text=True)
    assert f"{two}-96.webp" in third and f"{one}-96.webp" not in third
    author_web.post("/settings/photo", data={"action": "remove"})
    fourth = web.get("/?scope=all").get_data(as_text=True)
    assert not photo_src(fourth) and ">SV</span>" in fourth


def test_remove_and_put_back(app, make_user, login):
    user = make_user()
    web = login(user)
    upload(web, jpeg(colour=(200, 0, 0)))
    first = reload(user).photo
    upload(web, jpeg(colour=(0, 200, 0)))
    second = reload(user).photo
    assert reload(user).photo_before == first
    page = web.get("/settings/").get_data(as_text=True)
    assert "Vorige foto terugzetten" in page or "Put back the previous photo" in page
    assert web.post("/settings/photo", data={"action": "restore"}).status_code == 303
    user = reload(user)
    assert (user.photo, user.photo_before) == (first, second)
    assert web.post("/settings/photo", data={"action": "remove"}).status_code == 303
    user = reload(user)
    assert (user.photo, user.photo_before) == (None, first)
    # The one let go of twice ago is gone from disk; the one before is kept to put back.
    assert not photos.path(user.id, second, 96).exists()
    assert photos.path(user.id, first, 96).exists()
    web.post("/settings/photo", data={"action": "restore"})
    assert reload(user).photo == first
    upload(web, jpeg())
    third = reload(user)
    assert third.photo_before == first and third.photo not in (first, second)


def test_the_directory_by_name_department_and_skill(app, make_user, login):
    daan = make_user(name="Daan Bakker", department="Logistiek", skills="Excel, heftruck")
    make_user(name="Eva de Wit", department="Finance", skills="JavaScript, Excel")
    make_user(name="Sem Java", department="IT", skills="Java")
    web = login(make_user(name="Lies Lezer", department="Logistiek"))

    def names(query: str) -> list[str]:
        html = web.get("/people" + query).get_data(as_text=True)
        return re.findall(r'class="post__author" href="[^"]+">([^<]+)</a>', html)

    assert names("?q=daan") == ["Daan Bakker"]
    assert names("?q=bakker+logistiek") == ["Daan Bakker"]
    assert names("?department=logistiek") == ["Daan Bakker", "Lies Lezer"]
    assert names("?skill=excel") == ["Daan Bakker", "Eva de Wit"]
    assert names("?skill=java") == ["Sem Java"]  # one whole skill: not JavaScript
    assert names("?skill=excel&department=Finance") == ["Eva de Wit"]
    assert names("?q=%25") == []  # a LIKE wildcard is a character
    empty = web.get("/people?q=niemand").get_data(as_text=True)
    assert "Niemand gevonden" in empty or "Nobody found" in empty
    profile = web.get(f"/u/{daan.handle}").get_data(as_text=True)
    assert "/people?skill=heftruck" in profile and "/people?department=Logistiek" in profile


def test_the_directory_pages_without_n_plus_one(app, make_user, login, count_queries):
    for n in range(35):
        make_user(name=f"Collega {n:02d}", department="Werving")
    web = login(make_user(name="Zoë Laatst"))
    first = web.get("/people?department=Werving").get_data(as_text=True)
    assert first.count('class="card person"') == 30 and "page=2" in first
    with count_queries() as counted:
        second = web.get("/people?department=Werving&page=2").get_data(as_text=True)
    assert second.count('class="card person"') == 5 and "page=3" not in second
    assert len(counted) < 15
