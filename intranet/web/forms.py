"""WTForms for the pages that only pages offer (login, sign-up, passwords, tokens, invites).

What the API offers too (posting, profile, groups, …) is loaded through the action's
marshmallow schema instead (api.actions), so both answer alike.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

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


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password (at least 10 characters)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password (at least 10 characters)"),
        validators=[DataRequired(), Length(min=10, max=200)],
    )
    confirm = PasswordField(
        _l("The new password again"),
        validators=[DataRequired(), EqualTo("password", _l("The two passwords differ."))],
    )


class TokenForm(FlaskForm):
    name = StringField(_l("What is the token for?"), validators=[DataRequired(), Length(max=80)])


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(v, label) for v, label in ROLE_LABELS.items()]
    )
    language = SelectField(
        _l("Language of the e-mail"),
        choices=[
            SelectChoice("", _l("Kring's default")),
            SelectChoice("nl", "Nederlands"),
            SelectChoice("en", "English"),
        ],
        default="",
    )


class EmptyForm(FlaskForm):
    """Just the CSRF token, for buttons that post."""
