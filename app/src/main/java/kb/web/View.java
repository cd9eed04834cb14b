package kb.web;

/** What a page template renders: its page record, and who is looking (header, CSRF field of forms). */
public record View<P extends Page>(P page, Viewer viewer) {}
