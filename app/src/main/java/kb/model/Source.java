package kb.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A public source a case is based on. {@code url} is null unless certain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(String publisher, String title, String date, String url) {}
