package kb.users;

import java.util.List;

/** One page of a longer list: {@code items} from {@code offset}, and how many there are in all. */
public record Listing<T>(long total, int offset, List<T> items) {
    /** Pages are at most this long: a client asking for everything gets it a page at a time. */
    public static final int MAX_LIMIT = 100;
}
