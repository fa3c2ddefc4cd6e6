package org.vistruct.gat1400;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pictures lifted out of bodies before parsing read exactly as the plain parse reads them, whatever the body looks like. */
class Base64MembersTest {
    @Test
    void randomBodiesReadAsThePlainParseReadsThem() throws Exception {
        Random rnd = new Random(20261129);
        for (int round = 0; round < 2000; round++) {
            List<byte[]> pictures = new ArrayList<>();
            StringBuilder body = new StringBuilder("{\"L\":[");
            int objects = 1 + rnd.nextInt(4);
            for (int o = 0; o < objects; o++) {
                if (o > 0) body.append(',');
                byte[] pic = new byte[rnd.nextInt(3000)];
                rnd.nextBytes(pic);
                pictures.add(pic);
                String b64 = Base64.getEncoder().encodeToString(pic);
                String ws = rnd.nextBoolean() ? "" : " \n\t";
                // other members around it: strings with quotes, escapes and the member's name inside them
                body.append("{\"Title\":\"say \\\"Data\\\":\\\"x\\\" \\\\\",").append(ws)
                        .append("\"Data\"").append(ws).append(':').append(ws).append('"').append(b64).append('"')
                        .append(",\"Note\":\"Data\",\"名称\":\"卡口 ").append(o).append("\"}");
            }
            body.append("]}");
            JsonNode n = ViidJson.parseObject(body.toString().getBytes(StandardCharsets.UTF_8));
            for (int o = 0; o < objects; o++) {
                JsonNode obj = n.path("L").get(o);
                assertArrayEquals(pictures.get(o), ViidJson.binary(obj, "Data", "Data", 1 << 20), "round " + round + " object " + o);
                assertEquals("say \"Data\":\"x\" \\", obj.path("Title").asText());
                assertEquals("Data", obj.path("Note").asText());
                assertEquals("卡口 " + o, obj.path("名称").asText());
            }
        }
    }

    @Test
    void valuesItCannotTakeWholeGoThePlainWay() {
        byte[] pic = "a picture".getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(pic);
        assertNull(Base64Members.split(("{\"Data\":\"data:image/jpeg;base64," + b64 + "\"}").getBytes(StandardCharsets.UTF_8)));
        assertNull(Base64Members.split(("{\"Data\":\"" + b64.substring(0, 4) + "\\n" + b64.substring(4) + "\"}").getBytes(StandardCharsets.UTF_8)));
        for (String body : List.of("{\"Data\":\"data:image/jpeg;base64," + b64 + "\"}", "{\"Data\":\"" + b64.substring(0, 4) + "\\n" + b64.substring(4) + "\"}")) {
            assertArrayEquals(pic, ViidJson.binary(ViidJson.parseObject(body.getBytes(StandardCharsets.UTF_8)), "Data", "Data", 1000), body);
        }
        // a sender cannot write a marker: every Data value is lifted, and the marker's random part differs per body
        Base64Members.Split a = Base64Members.split("{\"Data\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8));
        Base64Members.Split b = Base64Members.split("{\"Data\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8));
        assertTrue(!a.marker().equals(b.marker()));
        assertNull(a.of(b.marker() + "0"));
        // an escaped member name is not lifted; the plain path still reads it
        JsonNode escaped = ViidJson.parseObject(("{\"D\\u0061ta\":\"" + b64 + "\"}").getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(pic, ViidJson.binary(escaped, "Data", "Data", 1000));
        // unterminated bodies are refused as JSON
        assertEquals(400, org.junit.jupiter.api.Assertions.assertThrows(ViidException.class,
                () -> ViidJson.parseObject("{\"Data\":\"AAAA".getBytes(StandardCharsets.UTF_8))).httpStatus());
    }
}
