package kb.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies read strictly: one JSON object of the documented fields and nothing else — no key given twice,
 * nothing after the object, no number where text belongs or text where a number belongs, no 1.7 for a count.
 * A refusal is a 400 whose message names the field as the API documents it ({@code modules[0].caseIds[1]}) and
 * says what it must be, in Japanese, never in the terms of the Java classes behind it.
 */
final class JsonBodies {
    private static final ObjectMapper STRICT = strict();
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) \"?'?([^\"']*)");

    private JsonBodies() {}

    private static ObjectMapper strict() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // Text is text: 5 or true where a string belongs is refused, as "5" where a number belongs is.
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The request body as {@code type}; a body that is not exactly such a JSON object is a 400 naming the field. */
    static <T> T read(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw WebError.badRequest("リクエストの本文が空です。JSON オブジェクトを送ってください。");
        }
        try {
            T value = STRICT.readValue(body, type);
            if (value == null) {
                throw WebError.badRequest("リクエストの本文は JSON オブジェクトにしてください（null は受け付けません）。");
            }
            return value;
        } catch (JsonProcessingException e) {
            Refusal r = refusal(e);
            throw r.field().isEmpty() ? WebError.badRequest(r.message()) : WebError.badField(r.field(), r.field() + ": " + r.message());
        }
    }

    /** What was wrong, where: {@code field} is the path ("" for the body as a whole), {@code message} what it must be. */
    record Refusal(String field, String message) {}

    static Refusal refusal(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new Refusal(path(u.getPath()), "このフィールドはありません（使えるのは " + String.join(", ", names(u.getKnownPropertyIds())) + "）。");
        }
        if (e instanceof MismatchedInputException m) {
            if (m.getMessage() != null && m.getMessage().startsWith("Trailing token")) {
                return new Refusal("", "JSON オブジェクトの後に余分な内容があります。");
            }
            String field = path(m.getPath());
            return field.isEmpty() ? new Refusal("", "リクエストの本文は JSON オブジェクトにしてください。")
                    : new Refusal(field, expected(m.getTargetType()));
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            // A parser error inside a nested value: the path is the mapping's, the problem the parser's.
            if (m.getCause() instanceof InputCoercionException) {
                return new Refusal(path(m.getPath()), "範囲外の数です。");
            }
            Matcher duplicate = DUPLICATE.matcher(m.getCause() instanceof StreamReadException r
                    ? String.valueOf(r.getOriginalMessage()) : "");
            if (duplicate.find()) {
                return new Refusal(path(m.getPath()) + "." + duplicate.group(1), "同じフィールドが二度あります。");
            }
            return new Refusal(path(m.getPath()), "値が正しくありません。");
        }
        if (e instanceof InputCoercionException c) {
            return new Refusal(where(c), "範囲外の数です。");
        }
        if (e instanceof StreamReadException r) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(r.getOriginalMessage()));
            if (duplicate.find()) {
                String field = where(r);
                return new Refusal(field.isEmpty() ? duplicate.group(1) : field, "同じフィールドが二度あります。");
            }
            return new Refusal("", "リクエストの本文が JSON として読めません"
                    + (r.getLocation() == null ? "" : "（" + r.getLocation().getLineNr() + " 行 " + r.getLocation().getColumnNr() + " 文字目）")
                    + "。");
        }
        return new Refusal("", "リクエストの本文が JSON として読めません。");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "値の型が正しくありません。";
        }
        if (type == String.class) {
            return "文字列で指定してください。";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "整数で指定してください。";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true か false で指定してください。";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "配列で指定してください。";
        }
        return "オブジェクトで指定してください。";
    }

    /** The path as the API documents it: {@code modules[0].caseIds[1]}. */
    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.toString();
    }

    /** The path of the field being read when the parser stopped, or "" at the top. */
    private static String where(StreamReadException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add("." + c.getCurrentName());
            }
        }
        Collections.reverse(parts);
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static List<String> names(Collection<Object> ids) {
        return ids == null ? List.of() : ids.stream().map(String::valueOf).sorted().toList();
    }
}
