package dev.goaws.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person's path through the app in headless Chromium: log in, query, read the result table. */
@Tag("moto")
@Tag("node")
@Tag("browser")
@ExtendWith(LocalAws.Extension.class)
class BrowserTest {

    static final String TABLE = "browser-items";
    static final String PARAMETER = "/browser-test/table";
    static final int ITEM_COUNT = 120;
    static RunningApp app;
    static ChromeDriver browser;

    @BeforeAll
    static void start(LocalAws aws) throws Exception {
        aws.createTable(TABLE);
        aws.putItems(TABLE, LocalAws.numberedItems(ITEM_COUNT, 100));
        aws.putParameter(PARAMETER, TABLE);
        app = new RunningApp(aws.ssm(), aws.dynamoDb(), PARAMETER);
        browser = startChromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    static ChromeDriver startChromium() throws Exception {
        File chromium = new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        File driver = new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !driver.canExecute()) {
            fail("The browser test needs Chromium and its driver at " + chromium + " and " + driver
                    + ": install them with `apt-get install -y chromium chromium-driver` "
                    + "(or pass -Dchromium.binary=… -Dchromedriver.binary=…).");
        }
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1200,900", "--user-data-dir=" + profile);
        // An explicit driver keeps Selenium Manager from trying to download one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void logInQueryAndSeeTheItems() throws Exception {
        // The Authorization header rides on every request of the page, assets and form post included.
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", RunningApp.basicAuth(RunningApp.USER, RunningApp.PASSWORD))));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(app.base + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("query-form")));
        assertEquals("goaws table viewer", browser.getTitle());
        String fontFamily = browser.findElement(By.tagName("body")).getCssValue("font-family");
        assertTrue(fontFamily.contains("system-ui"), "the stylesheet from the jar is applied: " + fontFamily);

        browser.findElement(By.id("querystring")).sendKeys("item-0000");
        browser.findElement(By.id("submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("items")));

        List<WebElement> cells = browser.findElements(By.cssSelector("#items td.item-id"));
        Set<String> shown = cells.stream().map(WebElement::getText).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = IntStream.range(0, 10).mapToObj(i -> String.format("item-%05d", i))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, shown);
        assertEquals("10", browser.findElement(By.id("count")).getText());
        assertEquals(TABLE, browser.findElement(By.id("table-name")).getText());
        // app.js numbers the rows: proof the script came through the authenticated route too.
        assertEquals("10", browser.findElements(By.cssSelector("#items td.row-number")).get(9).getText());

        Path screenshots = Path.of(System.getProperty("screenshot.dir", "target/screenshots"));
        Files.createDirectories(screenshots);
        Files.write(screenshots.resolve("query-result.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void withoutCredentialsTheBrowserGetsNoPage() {
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
        browser.get(app.base + "/");
        assertTrue(browser.findElements(By.id("query-form")).isEmpty(), "the form must not render without auth");
    }
}
