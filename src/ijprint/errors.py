"""Errors a user can act on: each renders as one line with file, line:column, document path and a hint."""

from __future__ import annotations

from dataclasses import dataclass


def one_line(message: str, file: str | None, line: int | None, column: int | None, path: str, hint: str) -> str:
    """'file:line:column: path: message (hint)' on one line, whatever the parts hold."""
    where = ""
    if file:
        where = file
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        where += ": "
    inside = f"{path}: " if path else ""
    advice = f" ({hint})" if hint else ""
    return " ".join(f"{where}{inside}{message}{advice}".split())


@dataclass
class IjprintError(Exception):
    """A user's mistake, reported as one line; `exit_code` 1 for content and style, 2 for usage."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""
    hint: str = ""
    exit_code: int = 1

    def __post_init__(self) -> None:
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return one_line(self.message, self.file, self.line, self.column, self.path, self.hint)

    def __str__(self) -> str:
        return self.one_line()

    def __reduce__(self) -> tuple[object, ...]:
        # An exception pickles its args (here the finished line); a forked renderer sends the parts back,
        # so the parent can still add the topic's file to an error that has none.
        return _rebuilt, (type(self), {name: getattr(self, name) for name in self.__dataclass_fields__})


def _rebuilt(kind: type[IjprintError], parts: dict[str, object]) -> IjprintError:
    error = Exception.__new__(kind)
    IjprintError.__init__(error, **parts)  # type: ignore[arg-type]
    return error


class ContentError(IjprintError):
    """Content or style files that cannot be used as they are."""


class UsageError(IjprintError):
    """A command line that asks for something impossible."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint=hint, exit_code=2)


class PageOverflowError(ContentError):
    """Content that cannot fit the page at the style's smallest allowed font size."""


@dataclass(frozen=True)
class Diagnostic:
    """A warning that does not stop a build unless `--strict`; formatted like an error."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""
    hint: str = ""

    def one_line(self) -> str:
        return one_line(self.message, self.file, self.line, self.column, self.path, self.hint)
