package kb.users;

import java.io.IOException;
import java.io.UncheckedIOException;

/** users.db could not be read or written: the server answers 503 with what an operator should do. */
public final class StorageException extends UncheckedIOException {
    /** {@code FULL}: no space left; {@code IO}: the file cannot be written; {@code BUSY}: another writer held it too long. */
    public enum Kind { FULL, IO, BUSY, OTHER }

    private final Kind kind;

    StorageException(Kind kind, String message, Exception cause) {
        super(message, cause instanceof IOException io ? io : new IOException(message, cause));
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
