package org.vistruct.gat1400;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reading GA/T 1400 JSON as peers really send it. Names are matched exactly first, then ignoring
 * case ("DeviceId" for "DeviceID": a checkpoint integration's PHP reads {@code $v['DeviceId']});
 * numbers may come as strings and strings as numbers; a single object may stand where a list is
 * expected and an array where one object is expected; parsing is bounded (nesting, string length).
 */
public final class ViidJson {
    /** Nesting and string limits: a hostile body cannot make the parser recurse or buffer without bound. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(64 << 20).maxNumberLength(64).build());
    }

    private ViidJson() {}

    public static ObjectMapper mapper() { return JSON; }

    /** The body as a JSON object, or a 400 with StatusCode 7 saying why not. */
    public static JsonNode parseObject(byte[] body) {
        if (body == null || body.length == 0) throw ViidException.badJson("the body is empty; a JSON object is expected");
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = m.indexOf('\n');
            throw ViidException.badJson("the body is not JSON: " + (nl > 0 ? m.substring(0, nl) : m));
        }
        if (n == null || !n.isObject()) throw ViidException.badJson("a JSON object is expected, the body is " + (n == null ? "empty" : n.getNodeType().name().toLowerCase()));
        return n;
    }

    /** A member by name: exact, else ignoring case; null when absent or JSON null. */
    public static JsonNode field(JsonNode n, String name) {
        if (n == null || !n.isObject()) return null;
        JsonNode v = n.get(name);
        if (v == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(name)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        return v == null || v.isNull() || v.isMissingNode() ? null : v;
    }

    /** The first of several names that is present (spellings peers use for one member). */
    public static JsonNode field(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = field(n, name);
            if (v != null) return v;
        }
        return null;
    }

    /** A member as text (numbers and booleans as written); null when absent, null or blank. */
    public static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (v == null || v.isContainerNode()) return null;
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /** A whole number member (a number or a numeric string) within bounds; null when absent. */
    public static Integer integer(JsonNode n, String name, int min, int max) {
        String s = text(n, name);
        if (s == null) return null;
        long v;
        try {
            v = s.contains(".") ? Math.round(Double.parseDouble(s)) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ObjectError(name + " must be a whole number, was '" + clip(s) + "'");
        }
        if (v < min || v > max) throw new ObjectError(name + " must be " + min + "-" + max + ", was " + v);
        return (int) v;
    }

    /** A decimal member (longitude, latitude) within bounds; null when absent. */
    public static Double decimal(JsonNode n, String name, double min, double max) {
        String s = text(n, name);
        if (s == null) return null;
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ObjectError(name + " must be a number, was '" + clip(s) + "'");
        }
        if (!(v >= min && v <= max)) throw new ObjectError(name + " must be " + min + " to " + max + ", was " + v);
        return v;
    }

    /** An array's elements, or the node itself when a single object stands where a list is expected; empty for null. */
    public static List<JsonNode> elements(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n == null) return out;
        if (n.isArray()) n.forEach(out::add);
        else out.add(n);
        return out;
    }

    /**
     * The objects of a list body such as {"MotorVehicleListObject":{"MotorVehicleObject":[…]}}; also
     * taken: the list object's member as a single object, the objects straight under the root,
     * and the list name spelt with a zero for the O ("MotorVehicle0bjectList") as some copies of
     * the standard print it.
     */
    public static List<JsonNode> objects(JsonNode root, String listName, String objectName) {
        JsonNode list = field(root, listName, listName.replace("Object", "0bject"));
        JsonNode objects = list != null ? field(list, objectName) : field(root, objectName);
        return elements(objects);
    }

    /** A short, printable excerpt of what a peer sent, for error texts and logs. */
    public static String clip(String s) {
        if (s == null) return "null";
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        StringBuilder b = new StringBuilder(t.length());
        for (char c : t.toCharArray()) b.append(c < 0x20 || c == 0x7f ? '?' : c);
        return b.toString();
    }
}
