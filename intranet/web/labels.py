"""Words people see for Kring's codes (types, statuses, kinds), in their language."""

from flask_babel import lazy_gettext as _l

TYPE_LABELS = {
    "update": _l("Update"),
    "vacancy": _l("Internal vacancy"),
    "candidate_offer": _l("Candidate offer"),
    "client_signal": _l("Client signal"),
    "reputation_alert": _l("Reputation alert"),
    "reply": _l("Reply"),
}
TYPE_PLURALS = {
    "update": _l("Updates"),
    "vacancy": _l("Vacancies"),
    "candidate_offer": _l("Candidates"),
    "client_signal": _l("Client signals"),
    "reputation_alert": _l("Reputation alerts"),
    "reply": _l("Replies"),
}
TYPE_HINTS = {
    "update": _l("Share news, ask a question, @mention who must act."),
    "vacancy": _l("An internal vacancy colleagues can share and refer people to."),
    "candidate_offer": _l("A good candidate without a fitting job: offer them to colleagues."),
    "client_signal": _l("A contact leaves, a reorganisation, a new project at a client."),
    "reputation_alert": _l("A bad review, a complaining applicant, bad press."),
}
STATUS_LABELS = {
    "open": _l("Open"),
    "filled": _l("Filled"),
    "closed": _l("Closed"),
    "available": _l("Available"),
    "placed": _l("Placed"),
    "withdrawn": _l("Withdrawn"),
    "expired": _l("Expired"),
    "acknowledged": _l("Acknowledged"),
    "resolved": _l("Resolved"),
}
REFERRAL_STATUS_LABELS = {
    "referred": _l("Referred"),
    "contacted": _l("Contacted"),
    "interviewing": _l("Interviewing"),
    "offered": _l("Offered"),
    "hired": _l("Hired"),
    "rejected": _l("Rejected"),
}
KIND_LABELS = {
    "contact_leaving": _l("Contact leaving"),
    "contact_joining": _l("New contact"),
    "reorganisation": _l("Reorganisation"),
    "expansion": _l("Expansion"),
    "new_project": _l("New project"),
    "other": _l("Other"),
}
SEVERITY_LABELS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")}
ROLE_LABELS = {"employee": _l("Employee"), "recruiter": _l("Recruiter"), "admin": _l("Admin")}
FIELD_LABELS = {
    "title": _l("Job title"),
    "department": _l("Department"),
    "location": _l("Location"),
    "hours": _l("Hours per week"),
    "closes_on": _l("Closes on"),
    "referral_bonus": _l("Referral bonus (€)"),
    "headline": _l("Headline"),
    "skills": _l("Skills"),
    "availability": _l("Available from"),
    "candidate_name": _l("Candidate's name"),
    "candidate_contact": _l("Candidate's e-mail or phone"),
    "consent": _l("The candidate agreed to be offered to colleagues"),
    "retain_until": _l("Keep personal data until"),
    "client": _l("Client"),
    "kind": _l("What happened"),
    "source_url": _l("Source (link)"),
    "source": _l("Where (site or channel)"),
    "url": _l("Link"),
    "severity": _l("Severity"),
    "assignee": _l("Who handles it"),
    "body": _l("Message"),
    "group": _l("Visible to"),
}
FIELD_PLACEHOLDERS = {
    "title": _l("e.g. Senior recruiter IT"),
    "department": _l("e.g. Recruitment"),
    "location": _l("e.g. Utrecht"),
    "headline": _l("e.g. Senior Java developer, Utrecht"),
    "skills": _l("e.g. Java, Spring, Kubernetes"),
    "availability": _l("e.g. immediately, or from 1 March"),
    "source": _l("e.g. Google reviews, Indeed, LinkedIn"),
}
REASON_LABELS = {
    "mention": _l("Mentions you"),
    "group_mention": _l("Mentions your group"),
    "alert": _l("Matches your alert"),
    "tag": _l("Has a tag you follow"),
    "reply": _l("Reply to your post"),
    "thread": _l("Reply in a conversation you're in"),
    "like": _l("Liked by"),
    "client": _l("About your client"),
    "assigned": _l("Assigned to you"),
    "referral": _l("About your referral"),
    "interest": _l("Interest in your candidate"),
    "escalation": _l("Reputation alert left open"),
    "share": _l("A vacancy to share"),
}
REASON_FILTERS = {
    "mention": _l("Mentions"),
    "group_mention": _l("Group mentions"),
    "alert": _l("Alert hits"),
    "tag": _l("Tags"),
    "reply": _l("Replies"),
    "thread": _l("Conversations"),
    "like": _l("Likes"),
    "client": _l("Clients"),
    "assigned": _l("Assigned"),
    "referral": _l("Referrals"),
    "interest": _l("Interest"),
    "escalation": _l("Escalations"),
    "share": _l("Sharing"),
}
CHANNEL_LABELS = {"app": _l("In Kring"), "email": _l("By e-mail"), "off": _l("Off")}
DIGEST_SECTIONS = {
    "direct": _l("Mentions and replies"),
    "alerts": _l("Your alerts"),
    "assigned": _l("Reputation alerts assigned to you"),
    "vacancies": _l("New internal vacancies"),
    "share": _l("Vacancies to share with your network"),
    "tags": _l("Popular in tags you follow"),
}
