package kb.web;

import java.time.Clock;
import kb.store.KnowledgeBase;
import kb.users.Access;
import kb.users.AuditLog;
import kb.users.UsersDatabase;
import kb.users.accounts.AccountService;
import kb.users.accounts.SignInService;
import kb.users.check.CheckService;
import kb.users.curricula.CurriculumService;
import kb.users.tickets.TicketService;

/**
 * The users' services over one database. Those that read the casebook are made per request on the
 * generation the request leased, so a ticket and the lessons it checks come from the same generation.
 */
record UsersServices(UsersDatabase db, Access access, AccountService accounts, SignInService signIn, AuditLog audit,
                     Clock clock) {
    static UsersServices over(UsersDatabase db, Clock clock) {
        return new UsersServices(db, new Access(db), new AccountService(db, clock), new SignInService(db, clock),
                new AuditLog(db), clock);
    }

    TicketService tickets(KnowledgeBase kb) { return new TicketService(db, access, () -> kb, clock); }

    CurriculumService curricula(KnowledgeBase kb) { return new CurriculumService(db, access, () -> kb, clock); }

    CheckService check(KnowledgeBase kb) { return new CheckService(db, access, () -> kb, clock); }
}
