package org.vistruct.server.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Plate patterns compiled together into one automaton: a trie whose edges are plate characters,
 * {@code ?} (any one character) and {@code *} (any run, also empty). A plate is matched by walking
 * the trie along its characters, following the literal edge, the ? edge and the * edge at each
 * step, so the cost follows the plate's length and the patterns that share its characters, not
 * the number of patterns; no regular expression is run.
 */
final class PlatePatternTrie {
    private static final class Node {
        Map<Character, Node> next;
        Node any, star;
        List<String> ids;
    }

    private final Node root = new Node();

    void add(String pattern, String entryId) {
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
                if (n.next == null) n.next = new HashMap<>(4);
                n = n.next.computeIfAbsent(c, k -> new Node());
            }
        }
        if (n.ids == null) n.ids = new ArrayList<>(1);
        n.ids.add(entryId);
    }

    /** Ids of the patterns the plate matches, each once. */
    List<String> match(String plate) {
        List<String> out = new ArrayList<>(0);
        walk(root, plate, 0, out);
        return out.size() > 1 ? new ArrayList<>(new LinkedHashSet<>(out)) : out; // a pattern with two * may match two ways
    }

    private static void walk(Node n, String plate, int i, List<String> out) {
        if (n.star != null) for (int k = i; k <= plate.length(); k++) walk(n.star, plate, k, out);
        if (i == plate.length()) {
            if (n.ids != null) out.addAll(n.ids);
            return;
        }
        if (n.next != null) {
            Node literal = n.next.get(plate.charAt(i));
            if (literal != null) walk(literal, plate, i + 1, out);
        }
        if (n.any != null) walk(n.any, plate, i + 1, out);
    }
}
