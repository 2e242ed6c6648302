"""What is new to a reader: replies since they last opened a post, posts on Following
since they last looked."""

from __future__ import annotations

from datetime import timedelta

from intranet.extensions import db
from intranet.models import Post, PostVisit
from intranet.posting import feeds, follows, posts, visits


def back_date(user, post, minutes=5):
    """The last visit was a while ago (the clock moves on between requests)."""
    visit = db.session.get(PostVisit, (user.id, post.id))
    visit.seen_at -= timedelta(minutes=minutes)
    db.session.commit()


def age(*made, minutes=10):
    """Written a while before the visit."""
    for item in made:
        db.session.get(Post, item.id).created_at -= timedelta(minutes=minutes)
    db.session.commit()


def test_replies_since_the_last_visit_are_new_and_own_ones_are_not(make_user):
    reader, author = make_user(), make_user()
    post = posts.create_post(author, {"type": "update", "body": "Wie helpt?"})
    never = posts.create_post(author, {"type": "update", "body": "Nooit geopend"})
    posts.create_reply(author, never, "Nog een")
    age(post, posts.create_reply(author, post, "Eerder"))
    assert visits.opened(reader, post) is None
    back_date(reader, post)
    posts.create_reply(author, post, "Eén")
    posts.create_reply(author, post, "Twee")
    posts.create_reply(reader, post, "Zelf")
    page = feeds.hydrate(reader, feeds.Page(items=[post, never]))
    assert page.new_replies == {post.id: 2}
    assert visits.opened(reader, post) is not None
    assert feeds.hydrate(reader, feeds.Page(items=[post])).new_replies == {}


def test_the_post_page_and_the_feed_mark_what_is_new(make_user, login):
    reader, author = make_user(), make_user()
    post = posts.create_post(author, {"type": "update", "body": "Wie helpt?"})
    old = posts.create_reply(author, post, "Al gezien")
    age(post, old)
    web = login(reader)
    web.get(f"/posts/{post.id}")
    back_date(reader, post)
    fresh = posts.create_reply(author, post, "Nieuw hier")
    feed = web.get("/?scope=all", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 new reply" in feed
    page = web.get(f"/posts/{post.id}").get_data(as_text=True)
    assert f'class="reply reply--new" id="p{fresh.id}"' in page
    assert f'class="reply" id="p{old.id}"' in page
    assert "1 new reply" not in web.get("/?scope=all", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )


def test_following_marks_what_came_since_the_last_look(make_user, login):
    reader, author = make_user(), make_user()
    follows.follow_user(reader, author)
    age(posts.create_post(author, {"type": "update", "body": "Al oud"}))
    web = login(reader)
    first = web.get("/?scope=following").get_data(as_text=True)
    assert "newmark" not in first  # the first look: nothing to compare with
    reader.following_seen_at -= timedelta(minutes=5)
    db.session.commit()
    posts.create_post(author, {"type": "update", "body": "Vers van de pers"})
    second = web.get("/?scope=following").get_data(as_text=True)
    assert second.count('class="badge newmark"') == 1
    assert "newmark" not in web.get("/?scope=following").get_data(as_text=True)
