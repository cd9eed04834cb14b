package kb.web;

/**
 * A request the server answers with an error page or JSON error: bad parameters (400), a write without its
 * CSRF token (403) or nothing there (404).
 */
public final class WebError extends RuntimeException {
    private final int status;

    private WebError(int status, String message) {
        super(message);
        this.status = status;
    }

    public static WebError badRequest(String message) { return new WebError(400, message); }

    public static WebError forbidden(String message) { return new WebError(403, message); }

    public static WebError notFound(String message) { return new WebError(404, message); }

    public int status() { return status; }
}
