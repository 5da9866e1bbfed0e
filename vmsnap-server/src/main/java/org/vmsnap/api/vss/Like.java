package org.vmsnap.api.vss;

import java.util.List;
import java.util.Locale;

/**
 * A {@code like} filter value: {@code %} stands for any text, matching ignores case, and a value without {@code %}
 * matches where it is contained. Matched without backtracking: the literal pieces are found in order, each at its
 * leftmost place after the previous one (for patterns whose only wildcard is {@code %}, leftmost is never wrong), so
 * a match costs at most the pieces' searches, whatever the pattern. Values are capped at {@value #MAX} characters.
 */
final class Like {
    static final int MAX = 256;

    /** The literal text between the {@code %}s (lower case); one piece for a value without any. */
    private final List<String> pieces;

    private Like(List<String> pieces) {
        this.pieces = pieces;
    }

    static Like of(String value) {
        if (value.length() > MAX) {
            throw new VssBadRequest("filter value must be at most " + MAX + " characters");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return new Like(List.of(lower.split("%", -1)));
    }

    boolean matches(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        int last = pieces.size() - 1;
        if (last == 0) {
            return t.contains(pieces.get(0));
        }
        String first = pieces.get(0);
        String end = pieces.get(last);
        if (!t.startsWith(first) || t.length() < first.length() + end.length() || !t.endsWith(end)) {
            return false;
        }
        int from = first.length();
        int limit = t.length() - end.length();
        for (int i = 1; i < last; i++) {
            String piece = pieces.get(i);
            int at = t.indexOf(piece, from);
            if (at < 0 || at + piece.length() > limit) {
                return false;
            }
            from = at + piece.length();
        }
        return true;
    }
}
