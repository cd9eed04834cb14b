package kb.corpus;

/** A case file that cannot be accepted; {@code line} is 0 when no single line is to blame. */
public class CaseFileException extends Exception {
    private final int line;

    public CaseFileException(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() { return line; }
}
