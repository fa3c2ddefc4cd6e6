package org.vistruct.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.vistruct.gat1400.ViidJson;

/**
 * Reading a GA/T 1400 push of 10 MotorVehicle objects with two 78 KB pictures each (a 2 MB body):
 * vistruct's parse (pictures lifted out and decoded from the bytes, the rest parsed) against the
 * baseline, Jackson's plain tree of the same body (pictures left as base64 text, not decoded).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ViidParseBenchmark {
    private byte[] body;

    @Setup
    public void setUp() {
        byte[] picture = new byte[78_000];
        new Random(1).nextBytes(picture);
        String b64 = Base64.getEncoder().encodeToString(picture);
        StringBuilder sb = new StringBuilder("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[");
        for (int i = 0; i < 10; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"MotorVehicleID\":\"34020000001190000001022026112908000000001020000").append(i).append("\",\"PlateNo\":\"皖A12345\",\"PassTime\":\"20261129080000\",")
                    .append("\"SubImageList\":{\"SubImageInfoObject\":[{\"Type\":\"01\",\"FileFormat\":\"Jpeg\",\"Data\":\"").append(b64)
                    .append("\"},{\"Type\":\"02\",\"FileFormat\":\"Jpeg\",\"Data\":\"").append(b64).append("\"}]}}");
        }
        body = sb.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public JsonNode baselineJacksonTree() throws Exception {
        return ViidJson.mapper().readTree(body);
    }

    @Benchmark
    public JsonNode viidParse() {
        return ViidJson.parseObject(body);
    }
}
