package io.phiguard.it.approvals;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium, headless, driven through the system chromedriver (Selenium Manager never
 * downloads anything). Missing browser: the test is skipped, unless {@code PHIGUARD_IT_REQUIRE_DB}
 * or {@code CI} says the run must be complete, then it fails.
 */
final class HeadlessChromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private HeadlessChromium() {}

  /** A browser with a fresh profile in {@code userDataDir}; the caller quits it. */
  static WebDriver start(Path userDataDir) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why =
          "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
      if ("true".equalsIgnoreCase(System.getenv("PHIGUARD_IT_REQUIRE_DB"))
          || System.getenv("CI") != null) {
        fail(why + "; this run requires the browser test");
      }
      Assumptions.abort(why);
    }
    System.setProperty("SE_OFFLINE", "true");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createDirectories(userDataDir));
    ChromeDriver browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(PATIENCE);
    return browser;
  }

  /** Waits (at most 20 s) until the page shows what {@code condition} looks for. */
  static void waitFor(WebDriver browser, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (WebDriverException e) {
        // not there yet: the page is still loading
      }
      if (System.nanoTime() > until) {
        fail("the page did not get there in 20 s; it shows: " + browser.getPageSource());
      }
      Thread.sleep(50);
    }
  }
}
