package org.vistruct.gat1400;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    /**
     * The body as a JSON object, or a 400 with StatusCode 7 saying why not. Picture data ("Data",
     * "FeatureData") is decoded from base64 straight from the body's bytes before the rest is parsed
     * ({@link Base64Members}) and stands in the tree as binary nodes: the pictures are the bulk of a
     * push, and making them strings first costs as much again. A body where that fails (a data:
     * prefix, the URL alphabet, a broken value) is parsed again the plain way, where such a value is
     * decoded tolerantly or refused for its object alone.
     */
    public static JsonNode parseObject(byte[] body) {
        if (body == null || body.length == 0) throw ViidException.badJson("the body is empty; a JSON object is expected");
        try {
            Base64Members.Split split = Base64Members.split(body);
            if (split != null) {
                try (JsonParser p = JSON.createParser(split.rest())) {
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.START_OBJECT) return value(p, t, null, split);
                }
            }
        } catch (IOException | RuntimeException slowPathDecides) {
            // parsed again below, with the errors that path gives
        }
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

    private static JsonNode value(JsonParser p, JsonToken t, String field, Base64Members.Split split) throws IOException {
        var f = JSON.getNodeFactory();
        switch (t) {
            case START_OBJECT -> {
                com.fasterxml.jackson.databind.node.ObjectNode o = f.objectNode();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken(), name, split));
                }
                return o;
            }
            case START_ARRAY -> {
                com.fasterxml.jackson.databind.node.ArrayNode a = f.arrayNode();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) a.add(value(p, t, null, split));
                return a;
            }
            case VALUE_STRING -> {
                if ("Data".equals(field) || "FeatureData".equals(field)) {
                    byte[] lifted = split.of(p.getText());
                    return f.binaryNode(lifted != null ? lifted : base64(p));
                }
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> f.numberNode(p.getIntValue());
                    case LONG -> f.numberNode(p.getLongValue());
                    default -> f.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return f.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return f.booleanNode(false);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    /**
     * A base64 string value decoded from the parser's buffer with the JDK's decoder (measured: Jackson's
     * own base64 decoding took most of the parse); whitespace or any other character stops it and the
     * body goes the plain way.
     */
    private static byte[] base64(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int off = p.getTextOffset(), len = p.getTextLength();
        byte[] ascii = new byte[len];
        for (int i = 0; i < len; i++) {
            char c = chars[off + i];
            if (c > 127) throw new IOException("not base64");
            ascii[i] = (byte) c;
        }
        return java.util.Base64.getDecoder().decode(ascii);
    }

    /** A colour code member (PlateColor, VehicleColor), or null when absent; a code outside the table is the object's error. */
    public static org.vistruct.core.ColorCode color(JsonNode n, String field) {
        String c = text(n, field);
        if (c == null) return null;
        try {
            return org.vistruct.core.ColorCode.parse(c);
        } catch (IllegalArgumentException e) {
            throw new ObjectError(field + ": " + e.getMessage());
        }
    }

    /** The bytes of a picture or feature member: decoded while parsing, or (the plain path) from base64 text; null when absent. */
    public static byte[] binary(JsonNode n, String name, String what, long maxBytes) {
        JsonNode v = field(n, name);
        if (v == null) return null;
        if (v.isBinary()) {
            try {
                byte[] b = v.binaryValue();
                if (b.length > maxBytes) throw new ObjectError(what + " is more than " + maxBytes + " bytes");
                return b;
            } catch (IOException e) {
                throw new ObjectError(what + ": " + e.getMessage());
            }
        }
        String s = text(n, name);
        return s == null ? null : org.vistruct.gat1400.objects.SubImages.decode(s, what, maxBytes);
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
