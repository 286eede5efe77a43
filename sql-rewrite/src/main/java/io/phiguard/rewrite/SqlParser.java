package io.phiguard.rewrite;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;

/**
 * Runs JSqlParser on one shared, bounded executor with a deadline. The short {@code
 * CCJSqlParserUtil.parse(String)} overloads start a thread pool per call; this does not.
 *
 * <p>Every failure becomes a reason made of a fixed code and at most an exception class name:
 * JSqlParser's messages quote the SQL, literals included, so they are never kept.
 */
final class SqlParser {

  private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  private static final ThreadPoolExecutor EXECUTOR =
      new ThreadPoolExecutor(
          THREADS,
          THREADS,
          30,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(256),
          new DaemonThreads(),
          new ThreadPoolExecutor.AbortPolicy());

  static {
    EXECUTOR.allowCoreThreadTimeOut(true);
  }

  private SqlParser() {}

  /** A parsed statement, or why there is none. */
  record Outcome(Statement statement, String failure) {
    boolean parsed() {
      return statement != null;
    }
  }

  /** Parses exactly one statement; trailing text other than one semicolon is a failure. */
  static Outcome parse(String sql, Dialect dialect, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Outcome simple = attempt(sql, dialect, false, deadline);
    if (simple.parsed() || !"parse-error".equals(simple.failure())) {
      return simple;
    }
    // JSqlParser's own strategy: a second, slower pass for nested constructs
    return attempt(sql, dialect, true, deadline);
  }

  private static Outcome attempt(String sql, Dialect dialect, boolean complex, long deadline) {
    CCJSqlParser parser =
        CCJSqlParserUtil.newParser(sql)
            .withAllowComplexParsing(complex)
            .withBackslashEscapeCharacter(dialect == Dialect.MYSQL || dialect == Dialect.MARIADB);
    if (deadline - System.nanoTime() <= 0) {
      return new Outcome(null, "parse-timeout");
    }
    Future<Outcome> future;
    try {
      future = EXECUTOR.submit(() -> parseAll(parser));
    } catch (RejectedExecutionException e) {
      return new Outcome(null, "parser-busy");
    }
    try {
      long remaining = deadline - System.nanoTime();
      return future.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      parser.interrupted = true; // the token manager checks this flag and stops
      future.cancel(true);
      return new Outcome(null, "parse-timeout");
    } catch (InterruptedException e) {
      parser.interrupted = true;
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new Outcome(null, "parse-interrupted");
    } catch (ExecutionException e) {
      return new Outcome(null, "parser-failure:" + e.getCause().getClass().getSimpleName());
    }
  }

  private static Outcome parseAll(CCJSqlParser parser) {
    try {
      Statement statement = parser.Statement();
      Token next = parser.getNextToken();
      while (next != null && next.kind != CCJSqlParserConstants.EOF && ";".equals(next.image)) {
        next = parser.getNextToken();
      }
      if (next != null && next.kind != CCJSqlParserConstants.EOF) {
        return new Outcome(null, "trailing-input");
      }
      return statement == null ? new Outcome(null, "parse-error") : new Outcome(statement, null);
    } catch (net.sf.jsqlparser.parser.ParseException
        | net.sf.jsqlparser.parser.TokenMgrException e) {
      return new Outcome(null, "parse-error");
    } catch (StackOverflowError e) {
      return new Outcome(null, "parse-too-deep");
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "phiguard-sql-parser-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
