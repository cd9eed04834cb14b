package kb.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The casebook in a real headless Chromium (Debian's chromium and chromedriver, given by path so Selenium
 * Manager never downloads anything). Screenshots go to target/screenshots/.
 */
class BrowserTest {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of(System.getProperty("kb.home", "."), "target", "screenshots");

    @TempDir
    static Path tmp;
    static TestServer server;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver (tools/test installs them)");
        server = new TestServer(TestCasebook.ingest(tmp.resolve("kb")));
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--lang=ja", "--hide-scrollbars", "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void desktopWidth() {
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    void searchFromHomeClickAFacetAndOpenACaseWithHighlightedTerms() throws IOException {
        browser.get(server.url("/"));
        assertEquals("トップ | 障害事例ナレッジベース", browser.getTitle());
        screenshot("home");

        WebElement box = browser.findElement(By.cssSelector("form.search.big input[name=q]"));
        box.sendKeys("障害");
        box.submit();
        waitFor(By.cssSelector("ol.hits"));
        assertTrue(browser.getCurrentUrl().contains("/search?q="), browser.getCurrentUrl());
        List<WebElement> marks = browser.findElements(By.cssSelector("ol.hits .snippet mark"));
        assertFalse(marks.isEmpty(), "search terms highlighted in the snippets");
        assertEquals("障害", marks.get(0).getText());
        screenshot("search");

        browser.findElement(By.linkText("日常の運用・保守")).click();
        waitFor(By.cssSelector(".active-filters .chip"));
        assertTrue(browser.getCurrentUrl().contains("trigger=operations"), browser.getCurrentUrl());
        assertTrue(browser.getCurrentUrl().contains("q="), "the facet link keeps the query");
        List<WebElement> hits = browser.findElements(By.cssSelector("ol.hits > li"));
        assertEquals(2, hits.size());
        hits.forEach(h -> assertEquals("日常の運用・保守", h.findElement(By.cssSelector(".trigger")).getText()));
        screenshot("search-facet");

        hits.get(0).findElement(By.cssSelector("a.title")).click();
        waitFor(By.cssSelector("article.case"));
        assertTrue(browser.getCurrentUrl().contains("/cases/"));
        assertFalse(browser.findElements(By.cssSelector(".case-section h2")).isEmpty());
        screenshot("case");
    }

    @Test
    void lessonLinksLandOnTheLessonAnchor() throws IOException {
        browser.get(server.url("/themes/" + java.net.URLEncoder.encode("DDoS対策", java.nio.charset.StandardCharsets.UTF_8)));
        browser.findElement(By.cssSelector("ul.lessons a[href*='#L1']")).click();
        WebElement target = waitFor(By.id("L1"));
        assertTrue(browser.getCurrentUrl().endsWith("#L1"));
        assertTrue(target.getText().contains("回線事業者と緩和策"));
        screenshot("lessons-theme");
    }

    @Test
    void casePagesPrintWithoutTheSiteChromeAndWithTheSourcesAddresses() throws IOException {
        browser.get(server.url("/cases/" + TestCasebook.HOSTILE_ID)); // it has a web source
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertFalse(browser.findElement(By.cssSelector("header.site")).isDisplayed());
            assertFalse(browser.findElement(By.cssSelector("footer.site")).isDisplayed());
            assertTrue(browser.findElement(By.cssSelector("article.case h1")).isDisplayed());
            assertEquals("https://example.org/report", browser.findElement(By.cssSelector(".print-url")).getText());
            screenshot("case-print");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
        assertTrue(browser.findElement(By.cssSelector("header.site")).isDisplayed());
    }

    @Test
    void hostileCaseRunsNoScript() throws IOException {
        browser.get(server.url("/cases/" + TestCasebook.HOSTILE_ID));
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("<script>alert('title')</script>"));
        Object alerts = ((JavascriptExecutor) browser).executeScript("return document.querySelectorAll('main script, main img').length");
        assertEquals(0L, alerts);
    }

    @Test
    void narrowScreenPutsFacetsUnderTheResultsWithoutHorizontalScrolling() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/", "/search?q=" + java.net.URLEncoder.encode("障害", java.nio.charset.StandardCharsets.UTF_8),
                "/cases/2025-01-bank-ddos", "/stats", "/lessons", "/triggers/attack")) {
            browser.get(server.url(page));
            Object overflow = ((JavascriptExecutor) browser).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0L, overflow, page + " scrolls sideways");
        }
        browser.get(server.url("/search?q=" + java.net.URLEncoder.encode("障害", java.nio.charset.StandardCharsets.UTF_8)));
        WebElement results = browser.findElement(By.cssSelector("section.results"));
        WebElement facets = browser.findElement(By.cssSelector("aside.facets"));
        assertTrue(facets.getRect().getY() > results.getRect().getY(), "facets come after the results");
        screenshot("mobile-search");
        browser.get(server.url("/"));
        screenshot("mobile-home");
        browser.get(server.url("/cases/2025-01-bank-ddos"));
        screenshot("mobile-case");
    }

    @Test
    void chartsRender() throws IOException {
        browser.get(server.url("/stats"));
        assertEquals(2, browser.findElements(By.cssSelector("figure.chart svg")).size());
        assertTrue(browser.findElements(By.cssSelector("figure.chart svg rect")).size() > 5);
        screenshot("stats");
        browser.get(server.url("/triggers/attack"));
        screenshot("trigger");
        browser.get(server.url("/lessons"));
        screenshot("lessons");
        browser.get(server.url("/search?q=" + java.net.URLEncoder.encode("存在しない語ぬぬぬ", java.nio.charset.StandardCharsets.UTF_8)));
        screenshot("zero-results");
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private static void screenshot(String name) throws IOException {
        // Full page: widen the window's height to the document so the image shows everything.
        Object height = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(size.getWidth(), Math.min(4000, ((Number) height).intValue() + 120)));
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }
}
