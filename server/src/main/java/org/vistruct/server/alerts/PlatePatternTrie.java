package org.vistruct.server.alerts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plate patterns compiled together into one automaton: a trie whose edges are plate characters,
 * {@code ?} (any one character) and {@code *} (any run, also empty). A plate is matched by walking
 * the trie along its characters, following the literal edge, the ? edge and the * edge at each
 * step, so the cost follows the plate's length and the patterns that share its characters, not
 * the number of patterns; no regular expression is run.
 *
 * <p>One writer at a time (the watch list's lock) adds and removes in place, while any number of
 * matchers walk it without a lock: children are concurrent maps, edges and id lists are published
 * safely, so a matcher sees each pattern either wholly or not yet.
 */
final class PlatePatternTrie {
    private static final class Node {
        volatile Map<Character, Node> next;
        volatile Node any, star;
        volatile List<String> ids;
    }

    private final Node root = new Node();

    void add(String pattern, String entryId) {
        Node n = nodeOf(pattern);
        if (n.ids == null) n.ids = new CopyOnWriteArrayList<>();
        n.ids.add(entryId);
    }

    /** Removes one entry's pattern (empty nodes stay: they cost a little memory, never a wrong match). */
    void remove(String pattern, String entryId) {
        Node n = nodeOf(pattern);
        if (n.ids != null) n.ids.remove(entryId);
    }

    private Node nodeOf(String pattern) {
        Node n = root;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i > 0 && pattern.charAt(i - 1) == '*') continue; // ** is *
                if (n.star == null) n.star = new Node();
                n = n.star;
            } else if (c == '?') {
                if (n.any == null) n.any = new Node();
                n = n.any;
            } else {
                if (n.next == null) n.next = new ConcurrentHashMap<>(4);
                n = n.next.computeIfAbsent(c, k -> new Node());
            }
        }
        return n;
    }

    /** Ids of the patterns the plate matches, each once. */
    List<String> match(String plate) {
        List<String> out = new ArrayList<>(0);
        walk(root, plate, 0, out);
        return out.size() > 1 ? new ArrayList<>(new LinkedHashSet<>(out)) : out; // a pattern with two * may match two ways
    }

    private static void walk(Node n, String plate, int i, List<String> out) {
        Node star = n.star, any = n.any;
        Map<Character, Node> next = n.next;
        if (star != null) for (int k = i; k <= plate.length(); k++) walk(star, plate, k, out);
        if (i == plate.length()) {
            List<String> ids = n.ids;
            if (ids != null) out.addAll(ids);
            return;
        }
        if (next != null) {
            Node literal = next.get(plate.charAt(i));
            if (literal != null) walk(literal, plate, i + 1, out);
        }
        if (any != null) walk(any, plate, i + 1, out);
    }
}
