package kb.users.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Failed sign-ins counted per account and per client address. After {@value #MAX_FAILURES} failures within
 * {@link #WINDOW}, the account (or the address) is locked: attempts are refused before any password is hashed.
 * While the failures stay in the window, each lock lasts twice as long as the one before ({@link #FIRST_LOCK},
 * doubling up to {@link #LONGEST_LOCK}); a lock ends by itself, and a success clears the account's count.
 * Kept in memory: a restart forgets it, which costs an attacker a restart of the server they cannot cause.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    static final Duration LONGEST_LOCK = Duration.ofHours(1);
    /** Past this many tracked keys, those with nothing in the window are forgotten. */
    private static final int SWEEP_ABOVE = 10_000;

    /** A lock that began with a failure, for the audit log: {@code key} is {@code account NAME} or {@code address A}. */
    record Lockout(String key, Duration length) {}

    private static final class Failures {
        final Deque<Instant> times = new ArrayDeque<>();
        int locks;
        Instant lockedUntil = Instant.MIN;
    }

    private final Clock clock;
    private final Map<String, Failures> byKey = new HashMap<>(); // guarded by this

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long attempts for this account or from this address must still wait; empty when they may try. */
    synchronized Optional<Duration> locked(String account, String address) {
        Instant now = clock.instant();
        Instant until = Instant.MIN;
        for (String key : keys(account, address)) {
            Failures f = byKey.get(key);
            if (f != null && f.lockedUntil.isAfter(until)) {
                until = f.lockedUntil;
            }
        }
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    /** Counts a failure for both; answers the locks it starts. */
    synchronized List<Lockout> failed(String account, String address) {
        Instant now = clock.instant();
        if (byKey.size() > SWEEP_ABOVE) {
            byKey.values().removeIf(f -> forget(f, now));
        }
        List<Lockout> started = new ArrayList<>();
        for (String key : keys(account, address)) {
            Failures f = byKey.computeIfAbsent(key, k -> new Failures());
            forget(f, now);
            f.times.addLast(now);
            if (f.times.size() >= MAX_FAILURES) {
                Duration length = FIRST_LOCK.multipliedBy(1L << Math.min(f.locks, 12));
                length = length.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : length;
                f.lockedUntil = now.plus(length);
                f.locks++;
                started.add(new Lockout(key, length));
            }
        }
        return started;
    }

    /** A correct password clears the account's failures; the address's stay, so one's own account cannot reset them. */
    synchronized void succeeded(String account) {
        byKey.remove(accountKey(account));
    }

    /** Drops failures older than the window; answers whether nothing is left to remember. */
    private static boolean forget(Failures f, Instant now) {
        Instant start = now.minus(WINDOW);
        while (!f.times.isEmpty() && !f.times.peekFirst().isAfter(start)) {
            f.times.removeFirst();
        }
        if (f.times.isEmpty() && !f.lockedUntil.isAfter(now)) {
            f.locks = 0;
            return true;
        }
        return false;
    }

    private static List<String> keys(String account, String address) {
        return address == null ? List.of(accountKey(account)) : List.of(accountKey(account), "address " + address);
    }

    private static String accountKey(String account) {
        return "account " + account;
    }
}
