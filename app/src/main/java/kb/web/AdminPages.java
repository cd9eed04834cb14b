package kb.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.List;
import kb.users.AuditLog;
import kb.users.Role;
import kb.users.UsersException.ValidationException;

/**
 * What admins manage on the web: accounts (add, disable, enable, role, password), API tokens (revoke) and the
 * audit log. The services check the admin role on every write; each change of an account ends its sessions and
 * tokens (see {@code AccountService}).
 */
record AdminPages(HtmlPages pages, UsersServices users) {
    static final int AUDIT_PAGE = 50;

    void accounts(Context ctx) {
        pages.render(ctx, usersPage(ctx, "", Role.READER.slug(), null));
    }

    void add(Context ctx) {
        String name = TicketPages.field(ctx, "name");
        String role = TicketPages.field(ctx, "role");
        String password = ctx.formParam("password");
        pages.submit(ctx, () -> {
            users.accounts().addUser(Auth.actor(ctx), name, role(role),
                    password == null ? new char[0] : password.toCharArray());
            return Urls.adminUsers();
        }, error -> usersPage(ctx, name, role, error));
    }

    /** {@code POST /admin/users/{name}/{action}}: disable, enable, role or password. */
    void change(Context ctx) {
        String name = ctx.pathParam("name");
        String action = ctx.pathParam("action");
        pages.submit(ctx, () -> {
            switch (action) {
                case "disable" -> users.accounts().setDisabled(Auth.actor(ctx), name, true);
                case "enable" -> users.accounts().setDisabled(Auth.actor(ctx), name, false);
                case "role" -> users.accounts().setRole(Auth.actor(ctx), name, role(TicketPages.field(ctx, "role")));
                case "password" -> {
                    String password = ctx.formParam("password");
                    users.accounts().setPassword(Auth.actor(ctx), name, password == null ? new char[0] : password.toCharArray());
                }
                default -> throw WebError.notFound("操作「" + action + "」はありません。");
            }
            return Urls.adminUsers();
        }, error -> usersPage(ctx, "", Role.READER.slug(), error));
    }

    void revokeToken(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw WebError.notFound("API トークン「" + ctx.pathParam("id") + "」はありません。");
        }
        users.accounts().revokeToken(Auth.actor(ctx), id);
        ctx.redirect(Urls.adminUsers(), HttpStatus.SEE_OTHER);
    }

    void audit(Context ctx) {
        String pageParam = SearchParams.param(ctx, "page");
        int page = pageParam == null ? 1 : SearchParams.number(pageParam, "page", 1, Integer.MAX_VALUE / AUDIT_PAGE);
        // One entry more than shown tells whether there is a next page.
        List<AuditLog.Entry> entries = users.audit().list(Auth.actor(ctx), (page - 1) * AUDIT_PAGE, AUDIT_PAGE + 1);
        boolean more = entries.size() > AUDIT_PAGE;
        pages.render(ctx, new Page.Audit(entries.subList(0, Math.min(AUDIT_PAGE, entries.size())),
                new Page.Pagination(page, more ? page + 1 : page, page > 1 ? Urls.audit(page - 1) : null,
                        more ? Urls.audit(page + 1) : null)));
    }

    private Page.Users usersPage(Context ctx, String name, String role, Page.FormError error) {
        return new Page.Users(users.accounts().users(Auth.actor(ctx)), users.accounts().tokens(Auth.actor(ctx), null),
                Instant.now(users.clock()), name, role, error);
    }

    private static Role role(String slug) {
        return Role.fromSlug(slug).orElseThrow(() -> new ValidationException("role", "ロール", Role.slugs() + " のいずれかを指定してください。"));
    }
}
