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
import kb.store.Json;
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
import org.openqa.selenium.Keys;
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
    /** axe-core, installed from npm by tools/test (tools/a11y/package-lock.json). */
    static final Path AXE = Path.of(System.getProperty("kb.home", "."), "tools", "a11y", "node_modules", "axe-core", "axe.min.js");

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
        accounts.addUser(User.OPERATOR, "aki", Role.ADMIN, PASSWORD.toCharArray());
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        assertTrue(Files.isRegularFile(AXE), AXE + " is missing: tools/test installs it (npm ci in tools/a11y)");
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
        WebElement lesson = browser.findElement(By.cssSelector("li#L1"));
        WebElement note = lesson.findElement(By.cssSelector(".note-field input"));
        assertFalse(note.isDisplayed(), "the note field shows once the lesson is ticked");
        scrollTo(lesson);
        lesson.findElement(By.cssSelector("input[type=checkbox]")).click();
        note.sendKeys("回線事業者との発動条件の合意を変更計画に含める");
        WebElement form = browser.findElement(By.cssSelector("form.attach-many"));
        new Select(form.findElement(By.name("ticket"))).selectByValue("CHG-2026-0153");
        screenshot("case-attach-form");
        form.findElement(By.cssSelector(".submit-bar button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(form));
        waitFor(By.cssSelector("li#L1 a.cited"));
        WebElement cited = browser.findElement(By.cssSelector("li#L1 a.cited[href='/tickets/CHG-2026-0153']"));
        assertEquals("CHG-2026-0153", cited.getText());
        assertTrue(browser.getCurrentUrl().contains("/cases/2025-01-bank-ddos#"), browser.getCurrentUrl());
        assertEquals("CHG-2026-0153", new Select(browser.findElement(By.name("ticket"))).getFirstSelectedOption().getDomAttribute("value"),
                "the ticket is remembered for the session");
        screenshot("case-attached");

        cited.click();
        waitFor(By.cssSelector("ol.attachments li"));
        assertTrue(browser.findElement(By.cssSelector("ol.attachments .note")).getText().contains("発動条件の合意"));
        screenshot("ticket");
        // The export, fetched as the signed-in browser fetches it.
        String markdown = fetch(Urls.ticketMarkdown("CHG-2026-0153"));
        assertTrue(markdown.contains("1. **回線事業者と緩和策の発動条件を事前に合意し、演習で確かめる。**"), markdown);
        assertTrue(markdown.contains("(" + server.url("/cases/2025-01-bank-ddos#L1") + ")"), markdown);
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

        browser.findElement(By.linkText("受講者用")).click();
        waitFor(By.cssSelector("article.handout"));
        assertEquals(2, browser.findElements(By.cssSelector(".handout-module")).size());
        assertEquals(3, browser.findElements(By.cssSelector(".handout-case")).size());
        assertEquals(2, browser.findElements(By.cssSelector(".questions .answer")).size());
        screenshot("handout");
        List<String> printed = printToPdf("handout-two-modules");
        assertTrue(printed.get(0).contains("1. 攻撃への備え"), printed.get(0));
        int second = java.util.stream.IntStream.range(0, printed.size()).filter(i -> printed.get(i).contains("2. 移行と切り替え"))
                .findFirst().orElseThrow();
        String top = printed.get(second).replaceAll("(?m)^\\d+ / \\d+\\R", "").strip(); // the page number is read first
        assertTrue(second > 0 && top.startsWith("2. 移行と切り替え"), "module 2 starts a page: " + printed);
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
    void typeInTheSearchBoxPickASuggestionWithTheKeyboardAndFollowADidYouMean() throws IOException {
        browser.get(server.url("/"));
        WebElement box = browser.findElement(By.cssSelector("form.search.big input[name=q]"));
        assertEquals("combobox", box.getDomAttribute("role"));
        box.sendKeys("ばいばい"); // kana: the suggestions read as 売買
        waitFor(By.cssSelector("form.search.big .suggest-list li[role=option]"));
        List<WebElement> options = browser.findElements(By.cssSelector("form.search.big .suggest-list li[role=option]"));
        assertTrue(options.stream().anyMatch(o -> o.getText().contains("売買")), options.stream().map(WebElement::getText).toList().toString());
        assertEquals("true", box.getDomAttribute("aria-expanded"));
        box.sendKeys(Keys.ESCAPE);
        assertFalse(browser.findElement(By.cssSelector("form.search.big .suggest-list")).isDisplayed(), "Esc closes the list");

        box.sendKeys(Keys.ARROW_DOWN); // opens it again
        waitFor(By.cssSelector("form.search.big .suggest-list li[role=option]"));
        box.sendKeys(Keys.ARROW_DOWN);
        WebElement first = browser.findElement(By.cssSelector("form.search.big .suggest-list li[role=option]"));
        assertEquals("true", first.getDomAttribute("aria-selected"));
        assertEquals(first.getDomAttribute("id"), box.getDomAttribute("aria-activedescendant"));
        assertFalse("case".equals(first.getDomAttribute("data-kind")), "words to search for come before cases");
        String chosen = first.findElement(By.cssSelector(".text")).getText();
        screenshot("suggestions");
        box.sendKeys(Keys.ENTER);
        waitFor(By.cssSelector("ol.hits"));
        assertEquals(chosen, browser.findElement(By.cssSelector("header form.search input[name=q]")).getDomProperty("value"),
                "Enter searched for the suggestion chosen with the keyboard");

        browser.get(server.url("/search?q=" + java.net.URLEncoder.encode("ばいばいていし", java.nio.charset.StandardCharsets.UTF_8)));
        WebElement correction = waitFor(By.cssSelector(".did-you-mean a"));
        assertEquals("売買停止", correction.getText());
        screenshot("did-you-mean");
        correction.click();
        waitFor(By.cssSelector("ol.hits"));
        assertEquals("売買停止", browser.findElement(By.cssSelector("header form.search input[name=q]")).getDomProperty("value"));
        assertFalse(browser.findElements(By.cssSelector("ol.hits .snippet mark")).isEmpty());
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

    // ---- the flows of issue 12 ----

    static final String CHANGE = "年始にインターネットバンキングの回線を増強し、DDoS攻撃への緩和策を見直す。"
            + "あわせて認証基盤のパッチを適用し、システム移行のリハーサルを行う。";

    @Test
    void checkTickThreeLessonsAttachThemInOneSubmitAndExportThemToJira() throws IOException {
        browser.get(server.url("/login?next=%2Ftickets"));
        signIn("hana");
        browser.findElement(By.name("key")).sendKeys("chg-2026-0777"); // typed in lower case: upper-cased, not refused
        browser.findElement(By.name("title")).sendKeys("年始の回線増強と認証基盤の更新");
        browser.findElement(By.name("system")).sendKeys("インターネットバンキング");
        browser.findElement(By.name("trackerUrl")).sendKeys("https://tracker.example/browse/CHG-2026-0777-with-a-long-path-that-must-wrap-on-a-phone");
        browser.findElement(By.cssSelector("#new button[type=submit]")).click();
        waitFor(By.cssSelector("article.ticket"));
        assertTrue(browser.getCurrentUrl().endsWith("/tickets/CHG-2026-0777"), browser.getCurrentUrl());

        browser.get(server.url("/check"));
        browser.findElement(By.name("text")).sendKeys(CHANGE);
        screenshot("check-form");
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        waitFor(By.cssSelector("ol.matches"));
        String checkUrl = browser.getCurrentUrl();
        assertTrue(checkUrl.matches(".*/checks/\\d+$"), "the result has its own address: " + checkUrl);
        assertFalse(browser.findElements(By.cssSelector("ol.matches .trigger")).isEmpty(), "trigger badges");
        screenshot("check-result");

        List<WebElement> boxes = browser.findElements(By.cssSelector("ol.matches input[type=checkbox][name=lesson]"));
        assertTrue(boxes.size() >= 3, "lessons to tick: " + boxes.size());
        List<String> chosen = new java.util.ArrayList<>();
        for (WebElement box : boxes.subList(0, 3)) {
            scrollTo(box);
            box.click();
            chosen.add(box.getDomAttribute("value"));
        }
        WebElement note = browser.findElement(By.name("note." + chosen.get(0)));
        assertTrue(note.isDisplayed(), "a ticked lesson offers a note");
        note.sendKeys("年始の増強前に発動条件を合意する");
        new Select(browser.findElement(By.cssSelector("form.attach-many select[name=ticket]"))).selectByValue("CHG-2026-0777");
        screenshot("check-ticked");
        browser.findElement(By.cssSelector("form.attach-many .submit-bar button")).click();

        waitFor(By.cssSelector("ol.attachments li"));
        assertTrue(browser.getCurrentUrl().endsWith("/tickets/CHG-2026-0777"), browser.getCurrentUrl());
        List<WebElement> attached = browser.findElements(By.cssSelector("ol.attachments > li"));
        assertEquals(3, attached.size(), "one submit attached the three lessons");
        assertTrue(attached.get(0).getText().contains("年始の増強前に発動条件を合意する"));
        assertTrue(browser.findElement(By.cssSelector("ul.checks a")).getDomAttribute("href").endsWith(checkUrl.substring(checkUrl.lastIndexOf("/checks/"))),
                "the ticket keeps the check");
        screenshot("ticket-from-check");

        String jira = fetch(Urls.ticketJira("CHG-2026-0777"));
        long links = jira.lines().filter(l -> l.startsWith("#* 事例: [") && l.contains("|" + server.url("/cases/"))).count();
        assertEquals(3, links, jira);
        chosen.forEach(id -> assertTrue(jira.contains(server.url(Urls.lesson(id))), id + " in " + jira));
        assertEquals(jira, browser.findElement(By.id("export-jira")).getDomProperty("value"), "the page shows the same text to copy");

        WebElement copy = browser.findElement(By.cssSelector("button[data-copy=export-md]"));
        assertTrue(copy.isDisplayed(), "the copy button is shown when script runs");
        copy.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                !d.findElement(By.cssSelector("button[data-copy=export-md] ~ .copied")).getText().isEmpty());
        screenshot("ticket-copied");

        browser.manage().window().setSize(new Dimension(390, 844));
        assertEquals(0L, overflow(), "the ticket page with a long tracker URL fits a phone");
        screenshot("mobile-ticket");
    }

    @Test
    void searchAddToACurriculumAndPrintTheTraineeHandoutToPdf() throws Exception {
        browser.get(server.url("/login?next=%2Fcurricula"));
        signIn("taro");
        browser.findElement(By.name("title")).sendKeys("検索から作る研修");
        browser.findElement(By.name("objectives")).sendKeys("過去の障害から変更時の確認項目を挙げられる");
        browser.findElement(By.cssSelector("#new button[type=submit]")).click();
        waitFor(By.cssSelector("section.curriculum-edit"));
        browser.findElement(By.name("m0.title")).sendKeys("攻撃と回線");
        browser.findElement(By.name("m0.note")).sendKeys("講師だけが読む注意: 演習は30分で区切る");
        browser.findElement(By.name("m0.questions")).sendKeys("自社の緩和策は誰の判断で発動するか");
        browser.findElement(By.cssSelector("section.curriculum-edit button[value=save]")).click();
        waitFor(By.name("m1.title"));
        String curriculum = browser.getCurrentUrl().replaceAll("#.*", "");

        browser.get(server.url("/search?q=" + enc("DDoS 攻撃")));
        List<WebElement> picks = browser.findElements(By.cssSelector("ol.hits input.pick-case"));
        assertTrue(picks.size() >= 2, "hits to tick: " + picks.size());
        picks.get(0).click();
        picks.get(1).click();
        screenshot("search-ticked");
        browser.findElement(By.cssSelector(".submit-bar button[formaction='/curricula/add']")).click();
        waitFor(By.name("target"));
        assertEquals(2, browser.findElements(By.cssSelector("input[name=case]:checked")).size());
        new Select(browser.findElement(By.name("target"))).selectByVisibleText("1. 攻撃と回線（検索から作る研修）");
        screenshot("add-to-curriculum");
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
        waitFor(By.cssSelector("article.curriculum"));
        assertEquals(2, browser.findElements(By.cssSelector("#module-1 ol.module-cases li")).size());

        // A third case by title search in the editor: type words, search, tick, save.
        WebElement add = browser.findElement(By.name("m0.add"));
        scrollTo(add);
        add.sendKeys("移行" + Keys.ENTER); // Enter searches (casebook.js) instead of saving
        waitFor(By.cssSelector("fieldset.found input[name='m0.pick']"));
        WebElement found = browser.findElements(By.cssSelector("fieldset.found input[name='m0.pick']:not([disabled])")).get(0);
        scrollTo(found);
        found.click();
        screenshot("curriculum-title-search");
        browser.findElement(By.cssSelector("section.curriculum-edit button[value=save]")).click();
        waitFor(By.cssSelector("article.curriculum"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#module-1 ol.module-cases li")).size() == 3);
        screenshot("curriculum-from-search");

        browser.get(curriculum + "/handout");
        waitFor(By.cssSelector("article.handout"));
        assertTrue(browser.findElement(By.cssSelector("button[data-print]")).isDisplayed(), "a print button");
        assertTrue(browser.findElements(By.cssSelector(".module-note")).isEmpty(), "no trainer note for trainees");
        screenshot("handout-trainee");
        assertNothingClippedInPrint();
        List<String> pages = printToPdf("handout-trainee");
        assertTrue(pages.get(0).contains("1. 攻撃と回線"), "module 1 starts on page 1: " + pages.get(0));
        assertTrue(pages.get(0).contains("学習目標"), pages.get(0));
        pages.forEach(page -> assertFalse(page.contains("講師だけが読む注意"), "no trainer note: " + page));
        assertTrue(String.join("\n", pages).contains("出典"), "sources printed");
        for (int i = 0; i < pages.size(); i++) {
            assertTrue(pages.get(i).contains((i + 1) + " / " + pages.size()), "page number on page " + (i + 1) + ": " + pages.get(i));
        }

        browser.get(curriculum + "/handout?edition=instructor");
        waitFor(By.cssSelector("article.handout"));
        List<String> instructor = printToPdf("handout-instructor");
        assertTrue(String.join("\n", instructor).contains("講師だけが読む注意"), "the instructor edition has the note");
    }

    /** Every page a person can reach, signed in as an admin (who sees every form) or not. */
    private static List<String> everyPage() {
        WebClient api = new WebClient(server);
        String token = "Bearer " + new AccountService(server.users, Clock.systemUTC()).createApiToken(User.OPERATOR, "aki", null);
        try {
            api.json("POST", "/api/tickets", "{\"key\": \"A11Y-1\", \"title\": \"アクセシビリティ確認\", \"system\": \"勘定系\", "
                    + "\"trackerUrl\": \"https://tracker.example/browse/A11Y-1/a-very-long-address-that-would-not-fit-a-phone\"}", "Authorization", token);
            api.json("POST", "/api/tickets/A11Y-1/lessons", "{\"lessons\": [{\"lessonId\": \"2025-01-bank-ddos#L1\", \"note\": \"メモ\"}]}",
                    "Authorization", token);
            String cur = api.json("POST", "/api/curricula", "{\"title\": \"確認用の研修\", \"objectives\": [\"目標\"], \"modules\": "
                    + "[{\"title\": \"一\", \"caseIds\": [\"2025-01-bank-ddos\"], \"note\": \"講師メモ\", \"questions\": [\"問い\"]}]}",
                    "Authorization", token).body();
            long id = Json.MAPPER.readTree(cur).get("id").asLong();
            return List.of("/", "/search?q=" + enc("障害"), "/search?q=" + enc("存在しない語ぬぬぬ"), "/cases/2025-01-bank-ddos",
                    "/cases/" + TestCasebook.HOSTILE_ID, "/triggers/attack", "/lessons", "/themes/" + enc("DDoS対策"), "/stats",
                    "/check", "/tickets", "/tickets/A11Y-1", "/attach?case=2025-01-bank-ddos", "/curricula", "/curricula/" + id,
                    "/curricula/" + id + "/handout", "/curricula/" + id + "/handout?edition=instructor",
                    "/curricula/add?case=2025-01-bank-ddos", "/login", "/admin/audit", "/admin/users", "/no-such-page");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Signs out, or in as the admin, who sees every form; then the pages to visit: {@code pages}, and for the
     * admin also a saved check of their own.
     */
    private static List<String> visitAs(boolean signedIn, List<String> pages) {
        browser.manage().deleteAllCookies();
        List<String> all = new java.util.ArrayList<>(pages);
        if (signedIn) {
            browser.get(server.url("/login"));
            signIn("aki");
            browser.get(server.url("/check"));
            browser.findElement(By.name("text")).sendKeys(CHANGE);
            browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
            waitFor(By.cssSelector("ol.matches"));
            all.add(browser.getCurrentUrl().substring(server.url("").length()));
        }
        return all;
    }

    @Test
    void everyPageFitsA390PixelScreenWithLegibleCharts() throws IOException {
        List<String> pages = everyPage();
        for (boolean signedIn : List.of(false, true)) {
            List<String> all = visitAs(signedIn, pages);
            browser.manage().window().setSize(new Dimension(390, 844));
            for (int i = 0; i < all.size(); i++) {
                String page = all.get(i);
                browser.get(server.url(page));
                assertEquals(0L, overflow(), page + " scrolls sideways at 390 px" + (signedIn ? " (signed in)" : ""));
                Object small = ((JavascriptExecutor) browser).executeScript("""
                        return [...document.querySelectorAll('svg text')].filter(t => t.getClientRects().length > 0)
                          .map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)
                          .filter(px => px < 11).length""");
                assertEquals(0L, small, page + ": chart labels under 11 px at 390 px");
                if (signedIn) {
                    String path = page.replaceAll("\\?.*", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
                    screenshot(String.format("mobile-%02d%s", i, path.equals("-") ? "-home" : path.replaceAll("-+$", "")));
                }
            }
        }
        browser.get(server.url("/stats"));
        assertTrue(browser.findElement(By.cssSelector("table.chart-table")).isDisplayed(), "the industry chart as a table on a phone");
    }

    @Test
    void axeCoreFindsNoSeriousOrCriticalViolationOnAnyPage() throws IOException {
        String axe = Files.readString(AXE);
        List<String> pages = everyPage();
        List<String> problems = new java.util.ArrayList<>();
        for (boolean signedIn : List.of(false, true)) {
            List<String> all = visitAs(signedIn, pages);
            for (String page : all) {
                browser.get(server.url(page));
                ((JavascriptExecutor) browser).executeScript(axe);
                Object result = ((JavascriptExecutor) browser).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        axe.run(document, {resultTypes: ['violations']})
                          .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                            .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                          .catch(e => done(['axe failed: ' + e]));""");
                for (Object violation : (List<?>) result) {
                    problems.add((signedIn ? "(signed in) " : "") + page + " " + violation);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aSkipLinkTheSlashShortcutAndVisibleFocusRings() {
        browser.get(server.url("/search?q=" + enc("障害")));
        WebElement body = browser.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        WebElement skip = browser.switchTo().activeElement();
        assertEquals("本文へ移動", skip.getText());
        assertTrue(skip.isDisplayed() && skip.getRect().getY() >= 0, "the skip link shows when focused");
        assertTrue(!skip.getCssValue("outline-style").equals("none"), "a visible focus ring");
        skip.sendKeys(Keys.ENTER);
        assertEquals("main", browser.switchTo().activeElement().getTagName());
        browser.findElement(By.cssSelector("ol.hits a.title")).sendKeys(Keys.SHIFT); // focus somewhere in the page
        new org.openqa.selenium.interactions.Actions(browser).sendKeys("/").perform();
        WebElement active = browser.switchTo().activeElement();
        assertEquals("q", active.getDomAttribute("name"), "/ moves to the search box");
        active.sendKeys("/");
        assertTrue(active.getDomProperty("value").endsWith("/"), "typing / in the box types it");
    }

    /** Print emulation: nothing inside the article reaches past its right edge (answer boxes were clipped). */
    private static void assertNothingClippedInPrint() {
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            Object clipped = ((JavascriptExecutor) browser).executeScript("""
                    const right = document.querySelector('article').getBoundingClientRect().right + 0.5;
                    return [...document.querySelectorAll('article *')].filter(e => e.getBoundingClientRect().right > right)
                      .map(e => e.tagName + '.' + e.className).slice(0, 5)""");
            assertEquals(List.of(), clipped);
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    /** Prints the page to PDF as Chromium does (A4 from the page's CSS), keeps it, and answers each page's text. */
    private static List<String> printToPdf(String name) throws IOException {
        Map<String, Object> pdf = browser.executeCdpCommand("Page.printToPDF", Map.of("printBackground", true, "preferCSSPageSize", true));
        byte[] bytes = java.util.Base64.getDecoder().decode((String) pdf.get("data"));
        Files.write(SCREENSHOTS.resolve(name + ".pdf"), bytes);
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(bytes)) {
            List<String> pages = new java.util.ArrayList<>();
            org.apache.pdfbox.text.PDFTextStripper stripper = new org.apache.pdfbox.text.PDFTextStripper();
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                pages.add(stripper.getText(doc));
            }
            return pages;
        }
    }

    private static String fetch(String path) {
        return ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)));", path).toString();
    }

    private static long overflow() {
        return (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    }

    private static void scrollTo(WebElement e) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    }

    private static String enc(String s) { return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8); }

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
