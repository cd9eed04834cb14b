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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kb.users.Role;
import kb.users.User;
import kb.users.accounts.AccountService;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The casebook in a real headless Chromium (Debian's chromium and chromedriver, given by path so Selenium
 * Manager never downloads anything). Screenshots go to target/screenshots/.
 */
class BrowserTest {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static final String PASSWORD = "ブラウザ試験用のパスワード";
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
        AccountService accounts = new AccountService(server.users, Clock.systemUTC());
        accounts.addUser(User.OPERATOR, "hana", Role.REVIEWER, PASSWORD.toCharArray());
        accounts.addUser(User.OPERATOR, "taro", Role.TRAINER, PASSWORD.toCharArray());
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
    void desktopWidthSignedOut() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.manage().deleteAllCookies();
    }

    @Test
    void signInAttachALessonFromTheCasePageAndExportTheTicket() throws IOException {
        browser.get(server.url("/tickets"));
        browser.findElement(By.linkText("ログイン")).click();
        waitFor(By.cssSelector("input[name=password]"));
        screenshot("login");
        signIn("hana");
        assertTrue(browser.getCurrentUrl().endsWith("/tickets"), "back where the sign-in started: " + browser.getCurrentUrl());
        assertEquals("hana (reviewer)", browser.findElement(By.cssSelector(".who")).getText());

        browser.findElement(By.name("key")).sendKeys("CHG-2026-0153");
        browser.findElement(By.name("title")).sendKeys("インターネットバンキング回線の増強");
        browser.findElement(By.name("system")).sendKeys("インターネットバンキング");
        browser.findElement(By.cssSelector("#new button[type=submit]")).click();
        waitFor(By.cssSelector("article.ticket"));
        assertTrue(browser.getCurrentUrl().endsWith("/tickets/CHG-2026-0153"));

        browser.get(server.url("/cases/2025-01-bank-ddos"));
        WebElement form = browser.findElement(By.cssSelector("li#L1 form.attach"));
        new Select(form.findElement(By.name("ticket"))).selectByValue("CHG-2026-0153");
        form.findElement(By.name("note")).sendKeys("回線事業者との発動条件の合意を変更計画に含める");
        screenshot("case-attach-form");
        form.findElement(By.cssSelector("button")).click();
        WebElement cited = waitFor(By.cssSelector("li#L1 a.cited"));
        assertEquals("CHG-2026-0153", cited.getText());
        assertTrue(browser.getCurrentUrl().endsWith("/cases/2025-01-bank-ddos#L1"), browser.getCurrentUrl());
        screenshot("case-attached");

        cited.click();
        waitFor(By.cssSelector("ol.attachments li"));
        assertTrue(browser.findElement(By.cssSelector("ol.attachments .note")).getText().contains("発動条件の合意"));
        screenshot("ticket");
        // The export, fetched as the signed-in browser fetches it.
        Object markdown = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.querySelector('p.exports a').href).then(r => r.text()).then(done, e => done(String(e)));");
        assertTrue(markdown.toString().contains("- **回線事業者と緩和策の発動条件を事前に合意し、演習で確かめる。**"), markdown.toString());
        assertTrue(markdown.toString().contains("`2025-01-bank-ddos#L1`"), markdown.toString());
    }

    @Test
    void buildATwoModuleCurriculumAndPrintItsHandout() throws IOException {
        browser.get(server.url("/login?next=%2Fcurricula"));
        signIn("taro");
        browser.findElement(By.name("title")).sendKeys("障害事例で学ぶ変更管理");
        browser.findElement(By.name("audience")).sendKeys("新任の運用担当者");
        browser.findElement(By.name("objectives")).sendKeys("変更前に似た過去事例を引ける\n移行リハーサルの要点を説明できる");
        browser.findElement(By.cssSelector("#new button[type=submit]")).click();
        waitFor(By.cssSelector("section.curriculum-edit"));

        addModule(0, "攻撃への備え", "2025-01-bank-ddos", "自社の緩和策はいつ、誰の判断で発動するか");
        browser.findElement(By.name("m0.add")).sendKeys("2024-07-edr-update");
        addModule(1, "移行と切り替え", "2023-10-relay-replacement", "リハーサルで確かめるべきことは何か");
        List<WebElement> cases = browser.findElements(By.cssSelector("article.curriculum section.module:first-of-type ol.module-cases li"));
        assertEquals(2, browser.findElements(By.cssSelector("article.curriculum section.module")).size());
        assertEquals(2, cases.size());
        // Move the second case of module 1 up: a plain submit button, no script.
        WebElement before = browser.findElement(By.cssSelector("section.curriculum-edit"));
        browser.findElement(By.cssSelector("button[value='up:0:1']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(before));
        List<WebElement> reordered = browser.findElements(By.cssSelector("article.curriculum section.module ol.module-cases li a"));
        assertEquals("/cases/2024-07-edr-update", reordered.get(0).getDomAttribute("href"));
        screenshot("curriculum");

        browser.findElement(By.linkText("印刷用の配布資料")).click();
        waitFor(By.cssSelector("article.handout"));
        assertEquals(2, browser.findElements(By.cssSelector(".handout-module")).size());
        assertEquals(3, browser.findElements(By.cssSelector(".handout-case")).size());
        assertEquals(2, browser.findElements(By.cssSelector(".questions .answer")).size());
        screenshot("handout");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertFalse(browser.findElement(By.cssSelector("header.site")).isDisplayed());
            assertFalse(browser.findElement(By.cssSelector(".screen-only")).isDisplayed());
            assertTrue(browser.findElement(By.cssSelector(".questions .answer")).isDisplayed());
            screenshot("handout-print");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    /** Fills the blank module at the end of the curriculum form and saves. */
    private static void addModule(int index, String title, String caseId, String question) {
        String p = "m" + index + ".";
        browser.findElement(By.name(p + "title")).sendKeys(title);
        browser.findElement(By.name(p + "add")).sendKeys(caseId);
        browser.findElement(By.name(p + "questions")).sendKeys(question);
        browser.findElement(By.cssSelector("section.curriculum-edit button[value=save]")).click();
        waitFor(By.name("m" + (index + 1) + ".title"));
    }

    private static void signIn(String name) {
        waitFor(By.cssSelector("input[name=password]"));
        browser.findElement(By.name("name")).sendKeys(name);
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        waitFor(By.cssSelector(".who"));
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
        browser.get(server.url("/search?q=" + java.net.URLEncoder.encode("ぬぬぬぬ", java.nio.charset.StandardCharsets.UTF_8)));
        screenshot("zero-results");
    }

    private static WebElement waitFor(By by) {
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
