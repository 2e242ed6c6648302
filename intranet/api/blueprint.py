"""The API's blueprints: flask-smorest's, reading JSON bodies the way Kring reads all input."""

from __future__ import annotations

import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from ..errors import BadRequest
from ..platform import inputs


class JsonParser(FlaskParser):
    """webargs' Flask parser with `platform.inputs.loads` for bodies: a lone surrogate,
    deep nesting or a number of thousands of digits is a 400 with a message."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        try:
            return inputs.loads(req.get_data(cache=True))
        except inputs.BadJson as error:
            raise BadRequest(error.message, code="bad_json") from None


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JsonParser()

    def arguments(self, schema, *args, **kwargs):
        """flask-smorest's, with a schema class made into its one instance here: webargs
        makes a schema given as a class anew for every request, a copy of every field."""
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, *args, **kwargs)
