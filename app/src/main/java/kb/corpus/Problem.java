package kb.corpus;

import java.nio.file.Path;

/** Something wrong with a corpus file: an error rejects the file, a warning does not. */
public record Problem(Path file, int line, Severity severity, String message) {
    public enum Severity { ERROR, WARNING }

    public static Problem error(Path file, int line, String message) {
        return new Problem(file, line, Severity.ERROR, message);
    }

    public static Problem warning(Path file, int line, String message) {
        return new Problem(file, line, Severity.WARNING, message);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /** {@code path:line: error: message}, the form editors and CI logs link to. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file.toString();
        return where + ": " + (isError() ? "error" : "warning") + ": " + message;
    }
}
