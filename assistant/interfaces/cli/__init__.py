"""The ``mentor-assistant`` command line (typer + rich): the commands, registered on one app in
the order ``--help`` lists them."""

from assistant.interfaces.cli.app import app, main
from assistant.interfaces.cli.asking import ask
from assistant.interfaces.cli.coordinator_commands import coordinators_app
from assistant.interfaces.cli.evaluation_commands import eval_, promote_cases
from assistant.interfaces.cli.indexing import documents, ingest, remove
from assistant.interfaces.cli.service import serve
from assistant.interfaces.cli.workflow_commands import agenda, faq, feedback_request, responsibilities

app.command()(ingest)
app.command()(documents)
app.command()(ask)
app.command()(agenda)
app.command("feedback-request")(feedback_request)
app.command()(responsibilities)
app.command()(faq)
app.command("eval")(eval_)
app.command("promote-cases")(promote_cases)
app.add_typer(coordinators_app, name="coordinators")
app.command()(remove)
app.command()(serve)

__all__ = ["app", "main"]
