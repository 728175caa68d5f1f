"""The command line: argument parsing (main), shared options, the Environment it talks to, and
one module per command in ``commands``.
"""
