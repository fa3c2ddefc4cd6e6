package org.vistruct.server.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Plate patterns compiled together: each pattern hangs in a trie under its literal start (the
 * characters before its first * or ?). A plate walks the trie along its own characters and only the
 * patterns on that path are checked, so the cost follows the plate's length and how many patterns
 * share its start, not the size of the list.
 */
final class PlatePatternTrie {
    private record Compiled(String entryId, Pattern regex) {}

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>(4);
        List<Compiled> patterns;
    }

    private final Node root = new Node();
    private int size;

    void add(String pattern, String entryId) {
        Node n = root;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') break;
            n = n.children.computeIfAbsent(c, k -> new Node());
        }
        if (n.patterns == null) n.patterns = new ArrayList<>(1);
        n.patterns.add(new Compiled(entryId, Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"))));
        size++;
    }

    /** Ids of the patterns the plate matches. */
    List<String> match(String plate) {
        List<String> out = new ArrayList<>();
        Node n = root;
        check(n, plate, out);
        for (int i = 0; i < plate.length() && n != null; i++) {
            n = n.children.get(plate.charAt(i));
            if (n != null) check(n, plate, out);
        }
        return out;
    }

    private static void check(Node n, String plate, List<String> out) {
        if (n.patterns == null) return;
        for (Compiled c : n.patterns) if (c.regex().matcher(plate).matches()) out.add(c.entryId());
    }

    int size() { return size; }
}
