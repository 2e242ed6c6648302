"""The post types, each declared once: its columns (a subclass of Post, in the one `posts`
table), its fields with their kinds and limits, who posts it and who sees which field, its
lifecycle, and the words people see for all of it, in both languages.

A new type is a subclass and a `declare(...)` here, a migration for its columns and, if its
card should show more than its fields as facts, a template `posts/types/<type>.html`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import kinds
from .post import Post
from .type_spec import RECRUITERS, TEXT, TITLE, TYPES, Fact, Field, Status, TypeSpec, declare


class PostType(StrEnum):
    UPDATE = "update"
    VACANCY = "vacancy"
    CANDIDATE_OFFER = "candidate_offer"
    CLIENT_SIGNAL = "client_signal"
    REPUTATION_ALERT = "reputation_alert"
    REPLY = "reply"  # replies are posts too, but never created through POST /posts


# Vacancies and candidate offers both have a place (one column of `posts`).
LOCATION = Field(
    "location",
    kinds.Text(120),
    _l("Location"),
    placeholder=_l("e.g. Utrecht"),
    mail=("locatie", "plaats"),
    search=TEXT,
)

declare(
    TypeSpec(
        PostType.UPDATE,
        Post,
        _l("Update"),
        _l("Updates"),
        hint=_l("Share news, ask a question, @mention who must act."),
        mail=("update",),
    )
)


class Vacancy(Post):
    title: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(120))
    hours: Mapped[int | None] = mapped_column(Integer)
    closes_on: Mapped[date | None] = mapped_column(Date)
    referral_bonus: Mapped[int | None] = mapped_column(Integer)
    # What outsiders read on the public page, written or approved by a recruiter: never the
    # internal body. Its Markdown, the sanitised html made from it, and when it was saved.
    public_text: Mapped[str | None] = mapped_column(Text)
    public_html: Mapped[str | None] = mapped_column(Text)
    public_at: Mapped[datetime | None] = mapped_column(DateTime)

    __mapper_args__ = {"polymorphic_identity": PostType.VACANCY.value}


declare(
    TypeSpec(
        PostType.VACANCY,
        Vacancy,
        _l("Internal vacancy"),
        _l("Vacancies"),
        hint=_l("An internal vacancy colleagues can share and refer people to."),
        fields=(
            Field(
                "title",
                kinds.Text(200),
                _l("Job title"),
                placeholder=_l("e.g. Senior recruiter IT"),
                mail=("titel", "functie"),
                search=TITLE,
            ),
            Field(
                "department",
                kinds.Text(120),
                _l("Department"),
                placeholder=_l("e.g. Recruitment"),
                mail=("afdeling",),
                search=TEXT,
            ),
            LOCATION,
            Field("hours", kinds.Int(low=1, high=60), _l("Hours per week"), mail=("uren",)),
            Field("closes_on", kinds.Date(), _l("Closes on"), mail=("sluit", "sluitingsdatum")),
            Field(
                "referral_bonus",
                kinds.Int(low=0, high=100_000),
                _l("Referral bonus (€)"),
                required=False,
                mail=("premie",),
            ),
        ),
        # A closed vacancy (by hand or past its closing date) may open again with a
        # closing date from today on; the service checks the date.
        lifecycle=(
            Status("open", _l("Open"), ("filled", "closed")),
            Status("filled", _l("Filled")),
            Status("closed", _l("Closed"), ("open",)),
        ),
        mail=("vacancy", "vacature"),
    )
)


class CandidateOffer(Post):
    headline: Mapped[str | None] = mapped_column(String(200))
    skills: Mapped[str | None] = mapped_column(Text)
    availability: Mapped[str | None] = mapped_column(String(120))
    retain_until: Mapped[date | None] = mapped_column(Date)

    private = relationship(
        "CandidatePrivate",
        uselist=False,
        cascade="all, delete-orphan",
        lazy="raise_on_sql",
        passive_deletes=True,
    )

    __mapper_args__ = {"polymorphic_identity": PostType.CANDIDATE_OFFER.value}

    @property
    def erased_on(self) -> date | None:
        """The day the personal data goes (or went): the day after it was kept until."""
        return self.retain_until + timedelta(days=1) if self.retain_until else None

    @property
    def skill_list(self) -> list[str]:
        return kinds.split_skills(self.skills)


declare(
    TypeSpec(
        PostType.CANDIDATE_OFFER,
        CandidateOffer,
        _l("Candidate offer"),
        _l("Candidates"),
        hint=_l("A good candidate without a fitting job: offer them to colleagues."),
        fields=(
            Field(
                "headline",
                kinds.Text(200),
                _l("Headline"),
                placeholder=_l("e.g. Senior Java developer, Utrecht"),
                search=TITLE,
            ),
            Field(
                "skills",
                kinds.Skills(1000),
                _l("Skills"),
                placeholder=_l("e.g. Java, Spring, Kubernetes"),
                mail=("vaardigheden",),
                search=TEXT,
                alerts=True,
            ),
            Field(
                "availability",
                kinds.Text(120),
                _l("Available from"),
                placeholder=_l("e.g. immediately, or from 1 March"),
                mail=("beschikbaar",),
                search=TEXT,
            ),
            LOCATION,
            # The candidate's personal data: recruiters only, kept in CandidatePrivate.
            Field(
                "candidate_name",
                kinds.Text(200),
                _l("Candidate's name"),
                seen_by=RECRUITERS,
                kept_as="name",
            ),
            Field(
                "candidate_contact",
                kinds.Text(254),
                _l("Candidate's e-mail or phone"),
                seen_by=RECRUITERS,
                kept_as="contact",
            ),
            Field(
                "consent",
                kinds.Bool(must=_l("The candidate must have agreed to be offered.")),
                _l("The candidate agreed to be offered to colleagues"),
                seen_by=RECRUITERS,
                kept_as="consent_at",
            ),
            Field("retain_until", kinds.Date(), _l("Keep personal data until"), required=False),
        ),
        lifecycle=(
            Status("available", _l("Available"), ("placed", "withdrawn", "expired")),
            Status("placed", _l("Placed")),
            Status("withdrawn", _l("Withdrawn")),
            Status("expired", _l("Expired")),
        ),
        posted_by=RECRUITERS,
        files_seen_by=RECRUITERS,  # a CV, a photo: the candidate's personal data
        refusal=_l("Only recruiters can offer candidates."),
        mail=("kandidaat", "candidate"),
    )
)

SIGNAL_KIND = kinds.Choice(
    {
        "contact_leaving": _l("Contact leaving"),
        "contact_joining": _l("New contact"),
        "reorganisation": _l("Reorganisation"),
        "expansion": _l("Expansion"),
        "new_project": _l("New project"),
        "other": _l("Other"),
    }
)


class ClientSignal(Post):
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="SET NULL"))
    kind: Mapped[str | None] = mapped_column(String(30))
    source_url: Mapped[str | None] = mapped_column(String(2000))

    client = relationship("Client")

    __mapper_args__ = {"polymorphic_identity": PostType.CLIENT_SIGNAL.value}
    KINDS = SIGNAL_KIND.choices


declare(
    TypeSpec(
        PostType.CLIENT_SIGNAL,
        ClientSignal,
        _l("Client signal"),
        _l("Client signals"),
        hint=_l("A contact leaves, a reorganisation, a new project at a client."),
        fields=(
            Field("client", kinds.ClientRef(), _l("Client"), mail=("klant",), search=TITLE),
            Field("kind", SIGNAL_KIND, _l("What happened"), mail=("soort",)),
            Field("source_url", kinds.Url(2000), _l("Source (link)"), required=False),
        ),
        mail=("signal", "signaal", "klantsignaal"),
    )
)

SEVERITY = kinds.Choice({"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")})


class ReputationAlert(Post):
    source: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    severity: Mapped[str | None] = mapped_column(String(10))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Triage: when the alert was acknowledged and resolved, how, and when admins were told
    # it had been left open too long.
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution_note: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)

    assignee = relationship("User", foreign_keys=[assignee_id])

    __mapper_args__ = {"polymorphic_identity": PostType.REPUTATION_ALERT.value}
    SEVERITIES = SEVERITY.choices


declare(
    TypeSpec(
        PostType.REPUTATION_ALERT,
        ReputationAlert,
        _l("Reputation alert"),
        _l("Reputation alerts"),
        hint=_l("A bad review, a complaining applicant, bad press."),
        fields=(
            Field(
                "source",
                kinds.Text(200),
                _l("Where (site or channel)"),
                placeholder=_l("e.g. Google reviews, Indeed, LinkedIn"),
                mail=("bron",),
                search=TITLE,
            ),
            Field("url", kinds.Url(2000), _l("Link"), required=False, mail=("link",)),
            Field("severity", SEVERITY, _l("Severity"), mail=("ernst",)),
            Field("assignee", kinds.Colleague(), _l("Who handles it"), required=False),
        ),
        facts=(
            Fact("acknowledged_at", kinds.Moment()),
            Fact("resolved_at", kinds.Moment()),
            Fact("resolution_note", kinds.Text(2000)),
        ),
        lifecycle=(
            Status("open", _l("Open"), ("acknowledged", "resolved")),
            Status("acknowledged", _l("Acknowledged"), ("resolved",)),
            Status("resolved", _l("Resolved")),
        ),
        mail=("reputation", "reputatie"),
    )
)


class Reply(Post):
    __mapper_args__ = {"polymorphic_identity": PostType.REPLY.value}


declare(TypeSpec(PostType.REPLY, Reply, _l("Reply"), _l("Replies"), postable=False))

POSTABLE_TYPES = [name.value for name, spec in TYPES.items() if spec.postable]
POST_CLASSES: dict[str, type[Post]] = {name: spec.model for name, spec in TYPES.items()}
# Each type's statuses: the first is the initial one, then the allowed moves.
LIFECYCLES = {name: spec.statuses for name, spec in TYPES.items() if spec.lifecycle}
