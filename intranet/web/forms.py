"""WTForms for the simple pages (login, sign-up, profile, groups, admin).

The composer is not here: its fields depend on the post type and are checked by
services.post_fields, shared with the API.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from .labels import ROLE_LABELS


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me logged in on this device"))


class SignupRequestForm(FlaskForm):
    email = EmailField(
        _l("Your work e-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )


class SignupForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    handle = StringField(_l("Name for @mentions"), validators=[Optional(), Length(max=30)])
    password = PasswordField(
        _l("Password (at least 10 characters)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Length(max=120)])
    department = StringField(_l("Department"), validators=[Length(max=120)])
    location = StringField(_l("Location"), validators=[Length(max=120)])
    skills = StringField(_l("Skills (comma-separated)"), validators=[Length(max=500)])
    bio = TextAreaField(_l("About you"), validators=[Length(max=500)])
    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("As my browser")),
            SelectChoice("nl", "Nederlands"),
            SelectChoice("en", "English"),
        ],
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password (at least 10 characters)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )


class TokenForm(FlaskForm):
    name = StringField(_l("What is the token for?"), validators=[DataRequired(), Length(max=80)])


class GroupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    description = TextAreaField(_l("What is it for?"), validators=[Length(max=500)])
    private = BooleanField(_l("Private: only members see its posts; the owner adds members"))


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(v, label) for v, label in ROLE_LABELS.items()]
    )


class EmptyForm(FlaskForm):
    """Just the CSRF token, for buttons that post."""
