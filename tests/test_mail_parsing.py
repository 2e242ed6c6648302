"""The parts of mail in that read what people write: HTML mail, quoted history and
signatures, format=flowed, field lines and dates, refusals in the sender's language."""

from __future__ import annotations

import smtplib
from datetime import date

import pytest
from test_mail_in import message, poster  # noqa: F401 - the fixture

from intranet.mailin import addresses, fields
from intranet.mailin.htmlmail import html_to_markdown
from intranet.mailin.parsing import parse
from intranet.mailin.receiving import Rejected, receive
from intranet.mailin.refusals import smtp_text
from intranet.mailin.trimming import rewrap, trim, unflow

OUTLOOK_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style><!-- td{padding:4px} p { color: red } --></style>
<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]-->
</head><body><p class=MsoNormal><![if !supportLists]>1.<![endif]>Hallo team<o:p></o:p></p>
<div style="display:none">preheader tekst</div>
<img src="https://track.example/o.gif" width=1 height=1><img src="cid:image001.png@01DB">
</body></html>"""


def test_html_mail_loses_what_the_mail_program_added():
    text = html_to_markdown(OUTLOOK_HTML)
    assert "Hallo team" in text
    for added in ("padding", "color: red", "supportLists", "endif", "o:p", "preheader", "cid:"):
        assert added not in text, added
    assert "track.example" not in text


def test_a_table_of_facts_becomes_a_markdown_table_and_a_layout_table_does_not():
    facts = "<table><tr><td>Naam</td><td>Uren</td></tr><tr><td>Jan</td><td>32</td></tr></table>"
    assert "| Naam | Uren |\n| --- | --- |\n| Jan | 32 |" in html_to_markdown(facts)
    layout = '<table><tr><td><img src="cid:logo"></td><td>Emma Visser</td></tr></table>'
    assert "|" not in html_to_markdown(layout)


@pytest.mark.parametrize(
    "history",
    [
        "Op wo 2 dec 2026 om 09:14 schreef Emma Visser <emma@brugwerk.example>:\n> oud",
        "Op wo 2 dec 2026 om 09:14 schreef Emma van der Heijden-Visser <\n"
        "emma@brugwerk.example>:\n> oud",
        "On Wed, Dec 2, 2026 at 9:14 AM Emma Visser <emma@brugwerk.example>\nwrote:\n> old",
        "Op 2 dec. 2026 om 09:14 heeft Emma Visser <emma@brugwerk.example> het volgende "
        "geschreven:\n\n> oud",
        "On 2 Dec 2026, at 09:14, Emma <emma@brugwerk.example> wrote:\n> old",
        "Van: Emma Visser <emma@brugwerk.example>\nVerzonden: woensdag 2 december 2026 09:14\n"
        "Aan: Jan\nOnderwerp: Planning\n\noud",
        "________________________________\nFrom: Emma\nSent: Wednesday\nTo: Jan\nSubject: x\n\nold",
        "-----Oorspronkelijk bericht-----\nVan: Emma\nDatum: 2 dec\nAan: Jan\n\noud",
    ],
)
def test_quoted_history_and_its_attribution_go(history):
    assert trim(f"Mijn antwoord.\n\n{history}", "Re: x").text == "Mijn antwoord."


@pytest.mark.parametrize(
    "tail",
    [
        "-- \nEmma Visser\n06 12 34 56 78",
        "Verstuurd vanaf mijn iPhone",
        "Sent from my iPhone",
        "Verzonden vanuit Outlook",
        "Verzonden vanaf mijn Samsung Galaxy-smartphone.",
        "Get Outlook for Android<https://aka.ms/AAb9ysg>",
        "Met vriendelijke groet,\n\nEmma Visser\nSenior recruiter",
        "Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde(n).",
        "The information contained in this communication is confidential.",
        "Emma Visser\nSenior recruiter | Brugwerk",  # a signature without a greeting
    ],
)
def test_signatures_and_boilerplate_go(tail):
    assert trim(f"Het nieuws.\n\n{tail}", sender_name="Emma Visser").text == "Het nieuws."


def test_a_forward_is_kept_with_its_sender_and_date():
    trimmed = trim(
        "Zie hieronder.\n\n---------- Forwarded message ---------\n"
        "From: Klant <k@acme.example>\nDate: Wed, Dec 2, 2026 at 4:30 PM\nSubject: Vraag\n"
        "To: <emma@brugwerk.example>\n\n\nKunnen jullie helpen?",
        "Fwd: Vraag",
    )
    assert trimmed.text == "Zie hieronder."
    (forward,) = trimmed.forwards
    assert forward.sender == "Klant <k@acme.example>" and forward.date.startswith("Wed, Dec 2")
    assert forward.subject == "Vraag" and forward.body == "Kunnen jullie helpen?"


def test_format_flowed_joins_soft_breaks_and_hard_wrapped_text_is_rewrapped():
    assert unflow("een lange \nzin.\n> quote \n> verder\n-- \nsig") == (
        "een lange zin.\n> quote verder\n-- \nsig"
    )
    assert unflow("woord\u00a0\nvervolg", delsp=False) == "woord\u00a0\nvervolg"
    assert unflow("ge \nplakt", delsp=True) == "geplakt"
    wrapped = "Ik heb er twee in mijn netwerk die per direct kunnen, ik stuur ze vandaag\ndoor."
    assert rewrap(wrapped) == wrapped.replace("\n", " ")
    assert rewrap("Titel: Planner\nUren: 32") == "Titel: Planner\nUren: 32"


@pytest.mark.parametrize(
    "written, day",
    [
        ("31-01-2027", date(2027, 1, 31)),
        ("31/1/2027", date(2027, 1, 31)),
        ("2027-01-31", date(2027, 1, 31)),
        ("31 januari 2027", date(2027, 1, 31)),
        ("zo 31 jan. 2027", date(2027, 1, 31)),
        ("January 31, 2027", date(2027, 1, 31)),
        ("31 February 2027", None),
        ("eind januari", None),
    ],
)
def test_dates_as_people_type_them(written, day):
    assert fields.written_date(written) == day


def test_field_lines_take_dutch_and_english_names_and_nothing_else(app, ctx):
    body, values = fields.read(
        "Functietitel: Planner\nCloses on: 31-01-2027\n\nUren: 32 uur\nPremie: € 1.500,-\n"
        "group: 3\nmust_read: ja\n\nTekst",
        "vacancy",
    )
    assert values == {
        "title": "Planner",
        "closes_on": date(2027, 1, 31),
        "hours": "32",
        "referral_bonus": "1500",
    }
    assert body.startswith("group: 3\nmust_read: ja")  # text, never a field
    assert fields.read("Soort: nieuw project", "client_signal")[1] == {"kind": "new_project"}
    assert fields.read("candidate_name: Jan", "candidate_offer")[1] == {}


def test_a_malformed_or_missing_from_gets_its_own_reason(poster):  # noqa: F811
    user, address = poster
    for sender, words in (("Mila Mailer mila@brugwerk.example", "niet te lezen"), ("", "geen")):
        raw = message(user.email, address, body="x", message_id=f"<{len(sender)}@t>")
        raw = raw.replace(f"From: {user.email}".encode(), f"From: {sender}".encode())
        if not sender:
            raw = raw.replace(b"From: \n", b"")
        with pytest.raises(Rejected) as refused:
            receive(raw)
        assert words in refused.value.reason and "iemand anders" not in refused.value.reason


def test_refusals_speak_the_senders_language(poster, make_user):  # noqa: F811
    _user, address = poster
    make_user(email="sophie@brugwerk.example", language="en")
    with pytest.raises(Rejected) as english:
        receive(message("sophie@brugwerk.example", address, body="hi"))
    assert "belongs to someone else" in english.value.reason
    assert "Settings → E-mail" in english.value.reason
    with pytest.raises(Rejected) as dutch:
        receive(message("onbekend@example.com", address, body="hoi"))
    assert "Instellingen → E-mail" in dutch.value.reason


def test_a_refusal_names_the_field_as_the_form_does(poster):  # noqa: F811
    user, address = poster
    raw = message(
        user.email,
        address.replace("kring+", "signaal+"),
        "Signaal",
        "Klant: Acme\nSoort: ontslagen\n\nTekst",
    )
    with pytest.raises(Rejected) as refused:
        receive(raw)
    reason = refused.value.reason
    assert "Wat is er gebeurd: Kies uit:" in reason and "Reorganisatie" in reason
    assert "kind" not in reason and "reorganisation" not in reason


def test_the_smtp_refusal_is_one_ascii_line(poster, listener):  # noqa: F811
    _user, address = poster
    assert smtp_text("Instellingen → E-mail, café") == "Instellingen -> E-mail, cafe"
    with (
        smtplib.SMTP("127.0.0.1", listener, timeout=10) as smtp,
        pytest.raises(smtplib.SMTPDataError) as refused,
    ):
        smtp.sendmail("x@example.com", [address], message("x@example.com", address))
    assert refused.value.smtp_code == 550
    assert b"Instellingen -> E-mail" in refused.value.smtp_error


def test_a_calendar_invitation_is_its_event_not_its_source():
    ics = (
        b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Teamoverleg\r\n"
        b"DTSTART:20261210T090000Z\r\nDTEND:20261210T100000Z\r\nLOCATION:Tiel\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    raw = (
        b"From: a@b.example\r\nTo: c@d.example\r\nSubject: Uitnodiging\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/calendar; method=REQUEST\r\n\r\n" + ics
    )
    mail = parse(raw)
    assert mail.event.title == "Teamoverleg" and mail.event.location == "Tiel"
    assert "VCALENDAR" not in mail.body and mail.attachments == []


def test_an_english_sender_reads_the_fields_in_english(make_user):
    sophie = make_user(email="sophie@brugwerk.example", language="en")
    address = addresses.personal_address(sophie).replace("kring+", "vacancy+")
    body = "Job title: Planner\nDepartment: Logistics\nLocation: Tiel\nHours per week: 32\n"
    with pytest.raises(Rejected) as refused:
        receive(message(sophie.email, address, "Planner", body + "Closes on: 01-01-2020"))
    reason = refused.value.reason
    assert "Closes on: This date is in the past" in reason and "“Job title: …”" in reason
    assert "Sluitingsdatum" not in reason and "closes_on" not in reason
