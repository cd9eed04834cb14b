package kb.web;

/**
 * A request the server answers with an error page or JSON error: bad parameters (400), a write without its
 * CSRF token (403) or nothing there (404).
 */
public final class WebError extends RuntimeException {
    private final int status;
    private final String field;

    private WebError(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    private WebError(int status, String message) {
        this(status, null, message);
    }

    public static WebError badRequest(String message) { return new WebError(400, message); }

    /** A request body's field refused: {@code field} is its path as the API documents it ({@code modules[0].title}). */
    public static WebError badField(String field, String message) { return new WebError(400, field, message); }

    public static WebError forbidden(String message) { return new WebError(403, message); }

    public static WebError notFound(String message) { return new WebError(404, message); }

    public int status() { return status; }

    /** The refused field's path, or null when the request as a whole was refused. */
    public String field() { return field; }
}
