package org.vistruct.server;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vistruct.core.SharedDirectory;

/**
 * The web UI in a real browser (Debian's chromium and chromium-driver, installed by .ci/run): sign
 * in with a token, upload the slideshow, wait for its job, search 皖A*, open a record and see its
 * picture. Screenshots go to server/target/ui-screenshots/.
 */
class BrowserAcceptanceTest {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver"), CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void signInUploadSearchAndOpenARecord() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM), "needs chromium and chromium-driver (apt-get install chromium chromium-driver)");
        Path data = Files.createTempDirectory("vistruct-ui"), shots = Files.createDirectories(Path.of("target/ui-screenshots"));
        try (VistructServer server = new VistructServer(data, TestConfigs.load(Map.of()), "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("chromium"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
            WebDriver driver = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                driver.get(base);
                wait.until(d -> d.findElement(By.id("token")).isDisplayed());
                driver.findElement(By.id("token")).sendKeys(server.firstAdminToken());
                driver.findElement(By.id("login-btn")).click();
                wait.until(d -> d.findElement(By.id("tabs")).isDisplayed());

                driver.findElement(By.id("tab-watch")).click();
                driver.findElement(By.id("watch-plate")).sendKeys("皖AT022C");
                driver.findElement(By.id("watch-reason")).sendKeys("被盗车辆");
                driver.findElement(By.id("watch-btn")).click();
                wait.until(d -> d.findElement(By.id("watch-table")).getText().contains("皖AT022C"));

                driver.findElement(By.id("tab-jobs")).click();
                driver.findElement(By.id("upload-file")).sendKeys(SharedDirectory.require().resolve("media/video/plates_slideshow_h264.mp4").toRealPath().toString());
                driver.findElement(By.id("upload-btn")).click();
                new WebDriverWait(driver, Duration.ofMinutes(3)).until(d -> d.findElements(By.cssSelector(".job-state[data-state=done]")).size() == 1);
                shot(driver, shots.resolve("jobs.png"));

                wait.until(d -> d.findElement(By.id("alert-badge")).isDisplayed());
                driver.findElement(By.id("tab-alerts")).click();
                wait.until(d -> d.findElements(By.cssSelector("#alert-results .card")).size() >= 1);
                wait.until(d -> d.findElement(By.cssSelector("#alert-results .card .plate")).getText().equals("皖AT022C"));
                wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                        "return [...document.querySelectorAll('#alert-results img')].every(i => i.complete && i.naturalWidth > 0)"));
                shot(driver, shots.resolve("alerts.png"));

                driver.findElement(By.id("tab-search")).click();
                driver.findElement(By.id("plate")).sendKeys("皖A*");
                driver.findElement(By.id("search-btn")).click();
                wait.until(d -> d.findElements(By.cssSelector("#results .card")).size() >= 7);
                for (WebElement plate : driver.findElements(By.cssSelector("#results .card .plate"))) assertTrue(plate.getText().startsWith("皖A"), plate.getText());
                wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                        "return [...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth > 0)"));
                shot(driver, shots.resolve("search.png"));

                driver.findElements(By.cssSelector("#results .card")).get(0).click();
                wait.until(d -> !d.findElement(By.id("detail-scene")).getAttribute("data-loaded").isEmpty());
                long width = (Long) ((JavascriptExecutor) driver).executeScript("return document.getElementById('detail-scene').width");
                assertEquals(1280, width, "the scene picture is drawn at its size");
                assertTrue(driver.findElement(By.id("detail-title")).getText().startsWith("皖A"));
                shot(driver, shots.resolve("detail.png"));

                // retention on the record: expires in 730 days unless held; hold it for a case, then release it, both audited
                wait.until(d -> d.findElement(By.id("retention-status")).getText().contains("到期"));
                String status = driver.findElement(By.id("retention-status")).getText();
                assertTrue(status.contains("未保全"), status);
                String heldRecord = driver.findElement(By.id("detail")).getAttribute("data-record");
                driver.findElement(By.id("hold-reason")).sendKeys("入室盗窃案嫌疑车辆");
                driver.findElement(By.id("hold-case")).sendKeys("A2026-117");
                driver.findElement(By.cssSelector("#hold-form button")).click();
                wait.until(d -> "true".equals(d.findElement(By.id("detail-retention")).getAttribute("data-held")));
                assertTrue(driver.findElement(By.id("retention-holds")).getText().contains("A2026-117"));
                shot(driver, shots.resolve("hold.png"));
                driver.findElement(By.cssSelector("#retention-holds button.release")).click();
                wait.until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
                driver.switchTo().alert().sendKeys("结案");
                driver.switchTo().alert().accept();
                wait.until(d -> "false".equals(d.findElement(By.id("detail-retention")).getAttribute("data-held")));
                ApiClient api = new ApiClient("http://127.0.0.1:" + server.port(), server.firstAdminToken());
                var trail = api.json("/api/v1/audit?target=" + heldRecord);
                java.util.Set<String> actions = new java.util.HashSet<>();
                trail.path("entries").forEach(e -> actions.add(e.path("action").asText()));
                assertTrue(actions.containsAll(java.util.Set.of("record", "hold", "hold-release")), "audited: " + trail);

                driver.findElement(By.id("detail-close")).click();
                // a GA/T 1400 checkpoint registers and reports its APE: the Devices tab lists it as a sender and as a device with its position
                String ape = "34020000001190000031";
                try (ViidCamera camera = new ViidCamera(ape, "12345678", "http://127.0.0.1:" + server.port())) {
                    camera.register();
                    assertTrue(camera.post("/VIID/APEs", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"APEListObject\":{\"APEObject\":[{\"ApeID\":\""
                            + ape + "\",\"Name\":\"长江路卡口\",\"Longitude\":117.2272,\"Latitude\":31.8206,\"IsOnline\":\"1\"}]}}")).ok());
                }
                driver.findElement(By.id("tab-devices")).click();
                wait.until(d -> d.findElement(By.id("device-table")).isDisplayed());
                wait.until(d -> d.findElement(By.id("platforms")).isDisplayed() && d.findElement(By.id("sender-table")).getText().contains(ape));
                wait.until(d -> d.findElement(By.id("device-table")).getText().contains("长江路卡口"));
                String deviceRow = driver.findElement(By.id("device-table")).getText();
                assertTrue(deviceRow.contains("GA/T 1400") && deviceRow.contains("117.22720"), deviceRow);
                // the node itself, by its heartbeat (a cluster of one)
                wait.until(d -> d.findElement(By.id("node-table")).getText().contains("在线"));
                String nodes = driver.findElement(By.id("node-table")).getText();
                assertTrue(nodes.contains("（本节点）") && nodes.contains(api.json("/api/v1/cluster").path("self").asText()), nodes);
                shot(driver, shots.resolve("devices.png"));

                // 研判: positions imported from a CSV on the Devices tab; 皖AT022C (seen in the slideshow) passes two more checkpoints;
                // its trajectory is drawn over the positions, its passes shown with their pictures
                String east = "34020000001320000002", north = "34020000001320000003";
                Path csv = Files.writeString(data.resolve("places.csv"), "id,name,longitude,latitude\n34020000001320000001,长江西路,117.20,31.80\n"
                        + east + ",长江东路,117.25,31.80\n" + north + ",北一环,117.25,31.85\n");
                driver.findElement(By.id("places-file")).sendKeys(csv.toRealPath().toString());
                driver.findElement(By.id("places-btn")).click();
                wait.until(d -> d.findElement(By.id("place-table")).getText().contains("北一环"));
                var seen = api.json("/api/v1/records?plate=" + java.net.URLEncoder.encode("皖AT022C", java.nio.charset.StandardCharsets.UTF_8)).path("records").get(0);
                long at = org.vistruct.core.GaTime.parse(seen.path("PassTime").asText(), java.time.ZoneId.of("Asia/Shanghai"));
                for (int i = 1; i <= 2; i++) {
                    String dev = i == 1 ? east : north;
                    server.sink().write(new org.vistruct.core.MotorVehicle(server.sink().ids().next(dev, at + i * 600_000L, org.vistruct.core.RecordType.MotorVehicle), dev,
                            at + i * 600_000L, at + i * 600_000L, at + i * 600_000L, "皖AT022C", org.vistruct.core.ColorCode.BLUE, null, 95, null, 0, null, 0,
                            new org.vistruct.core.Box(0, 0, 10, 10), null, null, null, null, 0), Map.of(), false);
                }
                driver.findElement(By.id("tab-investigate")).click();
                String day = java.time.Instant.ofEpochMilli(at).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
                ((JavascriptExecutor) driver).executeScript("document.getElementById('inv-from').value = arguments[0] + 'T00:00:00';"
                        + "document.getElementById('inv-to').value = arguments[1] + 'T00:00:00';", day, java.time.LocalDate.parse(day).plusDays(1).toString());
                driver.findElement(By.id("inv-plate")).sendKeys("皖AT022C");
                driver.findElement(By.id("inv-btn")).click();
                wait.until(d -> d.findElements(By.cssSelector("#inv-results .card")).size() == 3);
                assertEquals(3, driver.findElements(By.cssSelector("#inv-map circle.stop")).size(), "three stops drawn");
                String path = driver.findElement(By.cssSelector("#inv-map polyline.path")).getAttribute("points");
                assertEquals(3, path.trim().split(" ").length, path);
                assertTrue(driver.findElement(By.id("inv-results")).getText().contains("北一环"), driver.findElement(By.id("inv-results")).getText());
                wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                        "return [...document.querySelectorAll('#inv-results img')].some(i => i.complete && i.naturalWidth > 0)"));
                shot(driver, shots.resolve("investigate.png"));
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("inv-tactic"))).selectByValue("collision");
                assertTrue(driver.findElement(By.id("inv-windows")).isDisplayed() && !driver.findElement(By.id("inv-window-s")).isDisplayed(), "the collision form");
                driver.findElement(By.id("inv-windows")).sendKeys("34020000001320000001@" + day + "T00:00:00/" + day + "T23:59:59");
                driver.findElement(By.id("inv-btn")).click();
                wait.until(d -> d.findElement(By.id("inv-status")).getText().contains("2"));
                assertTrue(driver.findElement(By.id("inv-status")).getAttribute("class").contains("error"), "one window is refused, naming the field");
                driver.findElement(By.id("lang")).click();
                assertEquals("Search", driver.findElement(By.id("tab-search")).getText(), "English switch");
                System.out.println("browser: signed in, watched 皖AT022C, uploaded, job done, alert shown, 皖A* found " + driver.findElements(By.cssSelector("#results .card")).size()
                        + " records, detail picture " + width + " px wide; screenshots in " + shots.toAbsolutePath());
            } finally {
                driver.quit();
            }
        }
    }

    private static void shot(WebDriver driver, Path file) throws Exception {
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
