"""The errors the operator acts on: printed as a message, not a traceback."""


class DeployError(Exception):
    """Something to fix before deploying; nothing in the bucket was changed
    unless the message says so."""

    exit_code = 1


class DeployStoppedError(DeployError):
    """The run stopped on purpose at a phase boundary (DEPLOY_STOP_AFTER)."""

    exit_code = 3


class SmokeCheckError(DeployError):
    """The deploy finished but the site does not serve what was deployed."""

    exit_code = 4
