package org.vistruct.server.analytics;

import java.util.ArrayList;
import java.util.List;
import org.vistruct.analytics.Place;

/**
 * Device positions from CSV: one device a line, {@code id,name,longitude,latitude} (a header line
 * naming those is skipped; a name may be quoted). All or nothing: any bad line refuses the file,
 * naming the line.
 */
public final class PlacesCsv {
    static final int MAX_LINES = 100_000;

    private PlacesCsv() {}

    public static List<Place> parse(String text) {
        List<Place> out = new ArrayList<>();
        String[] lines = text.replace("\uFEFF", "").split("\r?\n");
        if (lines.length > MAX_LINES) throw new IllegalArgumentException("places: at most " + MAX_LINES + " lines, got " + lines.length);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || (i == 0 && line.toLowerCase(java.util.Locale.ROOT).startsWith("id,"))) continue;
            List<String> cells = cells(line);
            if (cells.size() != 4) throw new IllegalArgumentException("line " + (i + 1) + ": expected id,name,longitude,latitude, got " + cells.size() + " fields");
            try {
                String id = cells.get(0).trim();
                if (id.isEmpty() || id.length() > 64) throw new IllegalArgumentException("device id: 1-64 characters");
                out.add(new Place(id, cells.get(1).trim().isEmpty() ? null : cells.get(1).trim(), Double.parseDouble(cells.get(2).trim()), Double.parseDouble(cells.get(3).trim())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("places: no lines of id,name,longitude,latitude");
        return out;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
