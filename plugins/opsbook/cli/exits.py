"""The exit codes of every `opsbook` command: 0 done, 1 the handbook or the target refused
(nothing written), 2 a usage error (before anything is read)."""

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
