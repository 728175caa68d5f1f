"""Python's argparse messages, listed so that the extractor puts them in our catalog.

argparse translates its own strings with the standard ``gettext`` functions;
`riskkit.i18n.activate` routes those calls to our catalog with the message context
``argparse`` (see ``riskkit.i18n._route_argparse``). Nothing here runs: the `NP_` and
``npgettext`` calls only mark the msgids, which must stay byte-for-byte the ones in
argparse.py (Python 3.11), including the trailing space of "usage: " and the newline of
the error line. Messages that only a programmer can trigger are left out.
"""

from riskkit.i18n import NP_, npgettext


def _marked() -> None:  # pragma: no cover - never called, read by the extractor
    # Translators: Python's argparse, start of the first line of every help text. Keep the
    # trailing space.
    NP_("argparse", "usage: ")
    # Translators: Python's argparse, heading of the list of positional arguments in help.
    NP_("argparse", "positional arguments")
    # Translators: Python's argparse, heading of the list of options in help.
    NP_("argparse", "options")
    # Translators: Python's argparse, default heading of the list of subcommands in help.
    NP_("argparse", "subcommands")
    # Translators: Python's argparse, help of the -h/--help option of every command.
    NP_("argparse", "show this help message and exit")
    # Translators: Python's argparse, the error line. %(prog)s is the command (riskkit ...),
    # %(message)s one of the errors below. Keep the final line break.
    NP_("argparse", "%(prog)s: error: %(message)s\n")
    # Translators: Python's argparse error. %(argument_name)s is an option such as --lang.
    NP_("argparse", "argument %(argument_name)s: %(message)s")
    # Translators: Python's argparse error. %s lists the missing arguments.
    NP_("argparse", "the following arguments are required: %s")
    # Translators: Python's argparse error. %s lists the alternatives.
    NP_("argparse", "one of the arguments %s is required")
    # Translators: Python's argparse error. %s lists what was not understood.
    NP_("argparse", "unrecognized arguments: %s")
    # Translators: Python's argparse error. %s names the other option.
    NP_("argparse", "not allowed with argument %s")
    # Translators: Python's argparse error. %r is the value given to an option that takes none.
    NP_("argparse", "ignored explicit argument %r")
    # Translators: Python's argparse error when an option is given without its value.
    NP_("argparse", "expected one argument")
    # Translators: Python's argparse error.
    NP_("argparse", "expected at most one argument")
    # Translators: Python's argparse error.
    NP_("argparse", "expected at least one argument")
    # Translators: Python's argparse error. %s is the number of values the option needs.
    npgettext("argparse", "expected %s argument", "expected %s arguments", 2)
    # Translators: Python's argparse error: an abbreviated option fits several options.
    NP_("argparse", "ambiguous option: %(option)s could match %(matches)s")
    # Translators: Python's argparse error. %s is the option.
    NP_("argparse", "unexpected option string: %s")
    # Translators: Python's argparse error. %(type)s is the kind of value expected (such as
    # int), %(value)r what was typed.
    NP_("argparse", "invalid %(type)s value: %(value)r")
    # Translators: Python's argparse error. %(value)r is what was typed, %(choices)s the
    # accepted values.
    NP_("argparse", "invalid choice: %(value)r (choose from %(choices)s)")
    # Translators: Python's argparse error. %(parser_name)r is an unknown command,
    # %(choices)s the commands there are.
    NP_("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)")
    # Translators: Python's argparse error when a file given on the command line cannot be
    # opened. %(filename)s is the file, %(error)s the system's reason.
    NP_("argparse", "can't open '%(filename)s': %(error)s")
