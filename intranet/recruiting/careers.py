"""What the outside world sees of the company-wide open vacancies: the careers site's JSON
and schema.org's JobPosting (JSON-LD) for search engines. Never anyone's personal data:
no author, no referrals, only the vacancy's own public fields."""

from __future__ import annotations

from datetime import UTC, datetime, time

from markupsafe import escape

from ..links import absolute_url
from ..models import Vacancy
from ..platform.clock import agency_zone, local_date
from ..text.markdown import for_outsiders

FULL_TIME_HOURS = 32  # from here on a Dutch job counts as full-time


def public_url(vacancy: Vacancy) -> str:
    return absolute_url("public.vacancy", post_id=vacancy.id)


def refer_url(vacancy: Vacancy) -> str:
    """Where a colleague refers someone (they log in first)."""
    return absolute_url("vacancies.refer", post_id=vacancy.id)


def as_json(vacancy: Vacancy) -> dict:
    """A vacancy for the careers site."""
    return {
        "id": vacancy.id,
        "title": vacancy.title,
        "department": vacancy.department,
        "location": vacancy.location,
        "hours": vacancy.hours,
        "closes_on": vacancy.closes_on.isoformat() if vacancy.closes_on else None,
        "posted_on": local_date(vacancy.created_at).isoformat(),
        "url": public_url(vacancy),
        "apply_url": public_url(vacancy) + "#apply",
        "refer_url": refer_url(vacancy),
    }


def description(vacancy: Vacancy) -> str:
    """The vacancy for outsiders as HTML: its public text, or else its facts."""
    if vacancy.public_html:
        return for_outsiders(vacancy.public_html)
    facts = (vacancy.title, vacancy.department, vacancy.location)
    return str(escape(" · ".join(fact for fact in facts if fact)))


def job_posting(vacancy: Vacancy, agency: str | None, country: str) -> dict:
    """schema.org JobPosting (what Google for Jobs reads) for the public vacancy page."""
    posting = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        # The text written for outsiders, never the post colleagues read (it may hold
        # @handles, tags and remarks for the group); until there is one, the facts.
        "description": description(vacancy),
        "datePosted": local_date(vacancy.created_at).isoformat(),
        "directApply": True,
        "url": public_url(vacancy),
    }
    if agency:  # unset (KRING_AGENCY_NAME), the page names no employer
        posting["identifier"] = {"@type": "PropertyValue", "name": agency, "value": str(vacancy.id)}
        posting["hiringOrganization"] = {"@type": "Organization", "name": agency}
    if vacancy.closes_on:
        end = datetime.combine(vacancy.closes_on, time(23, 59), agency_zone())
        posting["validThrough"] = end.astimezone(UTC).isoformat()
    if vacancy.hours:
        full = vacancy.hours >= FULL_TIME_HOURS
        posting["employmentType"] = "FULL_TIME" if full else "PART_TIME"
        posting["workHours"] = f"{vacancy.hours} hours per week"
    if vacancy.location:
        posting["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": vacancy.location,
                "addressCountry": country,
            },
        }
    return posting
