package org.vistruct.server.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vistruct.index.PlatePattern;

/** The pattern automaton (and {@link PlatePattern#matches}) against regular expressions, over many random patterns and plates. */
class PlatePatternTrieTest {
    private static final String CHARS = "皖浙苏AB0123456789";

    @Test
    void agreesWithRegularExpressionsOnRandomPatternsAndPlates() {
        Random rnd = new Random(42);
        for (int round = 0; round < 50; round++) {
            PlatePatternTrie trie = new PlatePatternTrie();
            List<String> patterns = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                StringBuilder p = new StringBuilder();
                int len = 1 + rnd.nextInt(8);
                for (int j = 0; j < len; j++) {
                    int k = rnd.nextInt(10);
                    p.append(k == 0 ? '*' : k == 1 ? '?' : CHARS.charAt(rnd.nextInt(CHARS.length())));
                }
                patterns.add(p.toString());
                trie.add(p.toString(), "p" + i);
            }
            for (int t = 0; t < 500; t++) {
                StringBuilder plate = new StringBuilder();
                int len = rnd.nextInt(9);
                for (int j = 0; j < len; j++) plate.append(CHARS.charAt(rnd.nextInt(CHARS.length())));
                Set<String> expected = new HashSet<>();
                for (int i = 0; i < patterns.size(); i++) if (regex(patterns.get(i)).matcher(plate).matches()) expected.add("p" + i);
                List<String> got = trie.match(plate.toString());
                for (int i = 0; i < patterns.size(); i++) {
                    assertEquals(expected.contains("p" + i), new PlatePattern(patterns.get(i)).matches(plate.toString()), patterns.get(i) + " on " + plate);
                }
                assertEquals(expected, new HashSet<>(got), "plate " + plate);
                assertEquals(got.size(), new HashSet<>(got).size(), "each pattern once: " + got);
            }
        }
    }

    private static Pattern regex(String pattern) {
        StringBuilder r = new StringBuilder();
        for (char c : pattern.toCharArray()) r.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        return Pattern.compile(r.toString());
    }
}
