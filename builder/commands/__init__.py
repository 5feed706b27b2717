"""One module per command. Each has `register(subparsers)`, which adds its parser (help
as catalogue ids, `help.*`) and sets `run`, and `run(args) -> int`, the exit status.
`builder/cli.py` lists the modules; `docs/commands.md` says how to add one."""
