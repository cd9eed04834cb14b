package kb.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * A text analysed once by the chain its morphological field is indexed with ({@link Analyzers#forIndexing()}):
 * its tokens, replayed into the index and read by the trigger tagger, so that Kuromoji — the costly part of an
 * ingest — runs once per text. The chain makes no token graphs (compound tokens are discarded), so term, offsets
 * and position increment are all the index takes from it.
 */
public final class MorphTokens {
    private static final Analyzer INDEXING = Analyzers.forIndexing();

    private final String text;
    private final List<Token> tokens;
    private final int finalOffset;
    private final int finalPositionIncrement;

    private MorphTokens(String text, List<Token> tokens, int finalOffset, int finalPositionIncrement) {
        this.text = text;
        this.tokens = tokens;
        this.finalOffset = finalOffset;
        this.finalPositionIncrement = finalPositionIncrement;
    }

    /** {@code text} as the morphological field {@code field} ({@link IndexFields#TEXT_FIELDS}) reads it. */
    public static MorphTokens of(String field, String text) {
        try (TokenStream stream = INDEXING.tokenStream(field, text)) {
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            List<Token> tokens = Token.readAll(stream);
            stream.end();
            return new MorphTokens(text, List.copyOf(tokens), offset.endOffset(), increment.getPositionIncrement());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text() { return text; }

    public List<Token> tokens() { return tokens; }

    /** The tokens again, as a stream for a {@code Field} (each call a fresh one). */
    TokenStream stream() {
        return new Replay();
    }

    private final class Replay extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private int next;

        @Override
        public boolean incrementToken() {
            if (next == tokens.size()) {
                return false;
            }
            clearAttributes();
            Token t = tokens.get(next++);
            term.setEmpty().append(t.term());
            offset.setOffset(t.start(), t.end());
            increment.setPositionIncrement(t.positionIncrement());
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            offset.setOffset(finalOffset, finalOffset);
            increment.setPositionIncrement(finalPositionIncrement);
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }
}
