package kb.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches the app (a malformed URI such as {@code /%}, an address or headers
 * too long): the same headers as every page and a short Japanese page instead of Jetty's English one; and
 * "Connection: close" when Jetty will close the connection after it.
 */
final class JettyErrorPage extends ErrorHandler {
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="ja"><head><meta charset="utf-8"><title>リクエストが正しくありません | 障害事例ナレッジベース</title>
            <link rel="stylesheet" href="/assets/style.css"></head>
            <body><main><section class="error-page"><p class="status">%d</p><h1>リクエストが正しくありません</h1>
            <p>%s</p><p><a href="/">トップへ戻る</a></p></section></main></body></html>
            """;

    private static String page(int status) {
        String why = switch (status) {
            case 414 -> "アドレスが長すぎます。検索語を短くしてください。";
            case 431 -> "リクエストのヘッダーが大きすぎます。";
            case 413 -> "リクエストの本文が大きすぎます。";
            case 408 -> "リクエストの受信が時間内に終わりませんでした。";
            default -> "アドレスの形式を読み取れませんでした。";
        };
        return PAGE.formatted(status, why);
    }

    /**
     * A request line Jetty cannot parse ({@code GET /%}, a NUL in the path, a malformed method) is answered as if it
     * were HTTP/1.0, so Jetty's own "Connection: close" is left out, and yet the connection is closed after the
     * answer. An HTTP/1.1 client would send its next request on that connection and get no answer at all.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!request.getConnectionMetaData().isPersistent()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        return super.handle(request, response, callback);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
        WebApp.SECURITY_HEADERS.forEach(headers::put);
        response.write(true, ByteBuffer.wrap(page(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8"));
        WebApp.SECURITY_HEADERS.forEach(fields::put);
        return ByteBuffer.wrap(page(status).getBytes(StandardCharsets.UTF_8));
    }
}
