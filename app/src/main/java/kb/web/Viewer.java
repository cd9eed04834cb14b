package kb.web;

import kb.users.Role;
import kb.users.User;

/**
 * Who is looking at a page, for the header and for which forms to show: {@code user} is null for an
 * anonymous visitor; {@code csrf} is the session's token, which every POST form carries; {@code page} is
 * the page being read (path and query; null for a form's answer), where the header's sign-in link comes back to.
 */
public record Viewer(User user, String csrf, String page) {
    public boolean signedIn() { return user != null; }

    public boolean may(Role role) { return user != null && user.may(role); }

    public boolean reviewer() { return may(Role.REVIEWER); }

    public boolean trainer() { return may(Role.TRAINER); }

    public boolean admin() { return may(Role.ADMIN); }
}
