package io.phiguard.approval.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in headless Chromium: sign in through the in-process OIDC provider (authorization
 * code + PKCE, dev mode off), open the request, click Approve; the request is approved. Uses the
 * system's {@code chromium} and {@code chromedriver} (never a download). Skipped when they are
 * missing, unless {@code PHIGUARD_IT_REQUIRE_DB} or {@code CI} says the run must be complete.
 */
class ConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;
  private ConsoleFixture f;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why =
          "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
      if ("true".equalsIgnoreCase(System.getenv("PHIGUARD_IT_REQUIRE_DB"))
          || System.getenv("CI") != null) {
        fail(why + "; this run requires the browser test");
      }
      Assumptions.abort(why);
    }
    f = new ConsoleFixture(dir.resolve("server"));
    // no Selenium Manager: the driver and browser are given, nothing is downloaded
    System.setProperty("SE_OFFLINE", "true");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (f != null) {
      f.close();
    }
  }

  @Test
  void approverSignsInWithOidcAndClicksApprove() {
    String id = f.server.service().create(Fixtures.ddlBy("bob")).orThrow().id();
    f.idp.user("alice", "dba");

    browser.get(f.console("/console/").toString());
    browser.findElement(By.id("login")).click();
    // provider → callback → console
    waitFor(() -> !browser.findElements(By.id("requests")).isEmpty());
    assertThat(browser.findElement(By.id("approver")).getText()).isEqualTo("alice");
    assertThat(f.idp.tokensIssued.get()).isEqualTo(1);

    browser.findElement(By.linkText(id)).click();
    waitFor(() -> browser.findElement(By.id("status")).getText().equals("pending"));
    assertThat(browser.findElement(By.id("sql")).getText()).isEqualTo("DROP TABLE visits");
    browser.findElement(By.id("approve")).click();

    waitFor(() -> browser.findElement(By.id("status")).getText().equals("approved"));
    assertThat(f.server.service().find(id).orElseThrow().status())
        .isEqualTo(RequestStatus.APPROVED);
    assertThat(f.server.service().find(id).orElseThrow().votes())
        .singleElement()
        .satisfies(v -> assertThat(v.subject()).isEqualTo("alice"));
  }

  /** Waits (at most 10 s) until the page shows what {@code condition} looks for. */
  private void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (WebDriverException e) {
        // not there yet (the page is still loading)
      }
      if (System.nanoTime() > deadline) {
        fail("the page did not get there in 10 s; it shows: " + browser.getPageSource());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }
}
