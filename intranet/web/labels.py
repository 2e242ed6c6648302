"""Words people see for Kring's codes (types, statuses, kinds), in their language."""

from collections.abc import Iterator, Mapping

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..models import TYPES
from ..models.post_types import SEVERITY, SIGNAL_KIND
from ..models.type_spec import every_field

# The post types' words come from their declarations (models/post_types.py).
TYPE_LABELS = {name: spec.label for name, spec in TYPES.items()}
TYPE_PLURALS = {name: spec.plural for name, spec in TYPES.items()}
TYPE_HINTS = {name: spec.hint for name, spec in TYPES.items() if spec.hint}
STATUS_LABELS = {s.name: s.label for spec in TYPES.values() for s in spec.lifecycle}
REFERRAL_STATUS_LABELS = {
    "referred": _l("Referred"),
    "contacted": _l("Contacted"),
    "interviewing": _l("Interviewing"),
    "offered": _l("Offered"),
    "hired": _l("Hired"),
    "rejected": _l("Rejected"),
}
KIND_LABELS = SIGNAL_KIND.labels
SEVERITY_LABELS = SEVERITY.labels
FORMAT_LABELS = {  # the channels webhooks send to
    "teams": "Microsoft Teams",
    "slack": "Slack",
    "generic": _l("Another receiver (signed JSON)"),
}
ROLE_LABELS = {"employee": _l("Employee"), "recruiter": _l("Recruiter"), "admin": _l("Admin")}
FIELD_LABELS = {
    **{name: field.label for name, field in every_field().items()},
    "body": _l("Message"),
    "group": _l("Visible to"),
}
FIELD_PLACEHOLDERS = {
    name: field.placeholder for name, field in every_field().items() if field.placeholder
}
REASON_LABELS = {
    "mention": _l("Mentions you"),
    "group_mention": _l("Mentions your group"),
    "alert": _l("Matches your alert"),
    "tag": _l("Has a tag you follow"),
    "reply": _l("Reply to your post"),
    "thread": _l("Reply in a conversation you're in"),
    "like": _l("Reaction from"),
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
    "like": _l("Reactions"),
    "client": _l("Clients"),
    "assigned": _l("Assigned"),
    "referral": _l("Referrals"),
    "interest": _l("Interest"),
    "escalation": _l("Escalations"),
    "share": _l("Sharing"),
}
REACTION_LABELS = {  # what each reaction says; a "well done" is praise for a colleague
    "thumbs_up": _l("Agreed"),
    "heart": _l("Love it"),
    "tada": _l("Well done"),
    "joy": _l("Funny"),
    "wow": _l("Wow"),
    "pray": _l("Thank you"),
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


class Words(Mapping):
    """One of the tables above as the templates read it: each word translated once per
    language and kept, instead of once per use (a feed page looks up the reactions'
    words six times a card)."""

    def __init__(self, lazy: Mapping):
        self.lazy = lazy
        self.said: dict[str, dict] = {}  # language → the table in it
        self.last: tuple = (None, None)  # the locale last asked for and its table

    def _table(self) -> dict:
        locale = get_locale()
        last, table = self.last  # one read: another thread may replace it meanwhile
        if locale is last and table is not None:
            return table
        language = str(locale or "")
        table = self.said.get(language)
        if table is None:
            table = self.said[language] = {key: str(word) for key, word in self.lazy.items()}
        self.last = (locale, table)
        return table

    def __getitem__(self, key):
        return self._table()[key]

    def __iter__(self) -> Iterator:
        return iter(self.lazy)

    def __len__(self) -> int:
        return len(self.lazy)

    def items(self):
        return self._table().items()

    def values(self):
        return self._table().values()
