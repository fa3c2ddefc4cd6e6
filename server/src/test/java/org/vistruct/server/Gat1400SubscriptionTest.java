package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vistruct.core.SharedDirectory;
import org.vistruct.gat1400.client.ViidClient;

/**
 * A subscription's receiver is down for the first 10 s, and vistruct is killed (SIGKILL) and started
 * again meanwhile, with records pushed before and after: every object still arrives at the
 * receiver, with its pictures, each once after de-duplication by id.
 */
class Gat1400SubscriptionTest {
    private static final Path SHARED = SharedDirectory.require();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAMERA = "34020000001190000021", SUBSCRIBER = "34020000005030000042";

    @Test
    void everyNotificationArrivesAcrossADownReceiverAndAKilledServer(@TempDir Path work) throws Exception {
        long t0 = System.currentTimeMillis();
        int receiverPort = ServerProcess.freePort();
        Map<String, String> env = Map.of("VISTRUCT_SHARED", SHARED.toString(), "VISTRUCT_GAT1400_RETRY_FIRST_MS", "200", "VISTRUCT_GAT1400_RETRY_MAX_MS", "2000");
        Path data = work.resolve("data");
        List<Path> labelled = Gat1400IntakeTest.labelledPictures();
        Map<String, byte[][]> sent = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        List<String> problems = new ArrayList<>();
        long passTime = org.vistruct.core.GaTime.parse("2026-11-21T09:00:00", ViidCamera.ZONE);

        ServerProcess server = ServerProcess.start(work, data, env, "serve-1.log");
        try (ViidClient subscriber = new ViidClient(SUBSCRIBER, java.time.Duration.ofSeconds(10), ViidCamera.ZONE)) {
            assertEquals(null, subscriber.register(server.base(), "12345678"));
            ObjectNode sub = JSON.createObjectNode();
            sub.putObject("SubscribeListObject").putArray("SubscribeObject").addObject().put("SubscribeID", "340200000050300000422026112900001")
                    .put("Title", "checkpoint vehicles").put("SubscribeDetail", "13").put("ResourceURI", CAMERA).put("ReceiveAddr",
                            "http://127.0.0.1:" + receiverPort + "/VIID/SubscribeNotifications").put("ReportInterval", 0).put("OperateType", 0);
            ViidClient.Reply r = subscriber.post(server.base() + "/VIID/Subscribes", sub);
            assertTrue(r.ok(), r.problem());
        }
        try (ViidCamera camera = new ViidCamera(CAMERA, "12345678", server.base())) {
            camera.register();
            push(camera, 0, 100, labelled, sent, passTime);
            server.kill(); // SIGKILL while the receiver is still away
            server = ServerProcess.start(work, data, env, "serve-2.log");
            camera.base = server.base();
            camera.register();
            push(camera, 100, 200, labelled, sent, passTime);
        }
        long downFor = 10_000 - (System.currentTimeMillis() - t0);
        if (downFor > 0) Thread.sleep(downFor);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 16);
        receiver.createContext("/VIID/SubscribeNotifications", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                JsonNode root = JSON.readTree(in);
                for (JsonNode n : root.at("/SubscribeNotificationListObject/SubscribeNotificationObject")) {
                    for (JsonNode o : n.at("/MotorVehicleObjectList/MotorVehicleObject")) {
                        String id = o.path("MotorVehicleID").asText();
                        received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        byte[][] pics = sent.get(id);
                        if (pics == null) {
                            problems.add("an object that was never pushed: " + id);
                            continue;
                        }
                        for (JsonNode img : o.at("/SubImageList/SubImageInfoObject")) {
                            byte[] data2 = Base64.getDecoder().decode(img.path("Data").asText());
                            byte[] expected = img.path("Type").asText().equals("01") ? pics[0] : pics[1];
                            if (!java.util.Arrays.equals(expected, data2)) problems.add(id + ": picture " + img.path("Type").asText() + " differs");
                        }
                        if (o.at("/SubImageList/SubImageInfoObject").size() != 2) problems.add(id + ": " + o.at("/SubImageList/SubImageInfoObject").size() + " pictures");
                    }
                }
            }
            byte[] ok = "{\"ResponseStatusListObject\":{\"ResponseStatusObject\":[{\"Id\":\"\",\"StatusCode\":0}]}}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/VIID+JSON");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        receiver.start();
        long receiverUp = System.currentTimeMillis();
        try {
            long deadline = System.currentTimeMillis() + 120_000;
            while (received.size() < sent.size() && System.currentTimeMillis() < deadline) Thread.sleep(100);
            long allIn = System.currentTimeMillis() - receiverUp;
            assertEquals(sent.keySet(), received.keySet(), "every pushed object was notified");
            assertEquals(List.of(), problems);
            int deliveries = received.values().stream().mapToInt(AtomicInteger::get).sum();
            System.out.printf("GA/T 1400 subscription: receiver down for the first %d s, vistruct killed (SIGKILL) and restarted meanwhile: all %d objects "
                    + "notified with their pictures %d ms after the receiver came up (%d deliveries, %d repeats removed by id)%n",
                    (receiverUp - t0) / 1000, sent.size(), allIn, deliveries, deliveries - sent.size());
        } finally {
            receiver.stop(0);
            server.close();
        }
    }

    private static void push(ViidCamera camera, int from, int to, List<Path> labelled, Map<String, byte[][]> sent, long passTime) throws Exception {
        for (int b = from; b < to; b += 10) {
            List<ObjectNode> objects = new ArrayList<>();
            for (int i = b; i < Math.min(to, b + 10); i++) {
                byte[] scene = Files.readAllBytes(labelled.get(i % labelled.size())), plate = Files.readAllBytes(labelled.get((i + 3) % labelled.size()));
                String id = ViidCamera.objectId(CAMERA, passTime + i * 1000L, i);
                objects.add(ViidCamera.vehicle(CAMERA, id, "苏E" + String.format("%05d", i), passTime + i * 1000L, scene, plate));
                sent.put(id, new byte[][] {scene, plate});
            }
            ViidClient.Reply r = camera.push(objects);
            assertTrue(r.ok(), r.problem());
        }
    }
}
