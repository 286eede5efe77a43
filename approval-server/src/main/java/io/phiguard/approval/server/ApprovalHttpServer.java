package io.phiguard.approval.server;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.phiguard.approval.client.ClientToken;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The approval server's HTTP endpoint on the JDK's {@link HttpServer}, with a bounded pool of
 * handler threads (see {@link Builder#threads}). Long-polls beyond the waiter limit are answered at
 * once, so they cannot starve votes.
 */
public final class ApprovalHttpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ApprovalHttpServer.class.getName());

  private final HttpServer http;
  private final ThreadPoolExecutor pool;

  private ApprovalHttpServer(HttpServer http, ThreadPoolExecutor pool) {
    this.http = http;
    this.pool = pool;
  }

  /** Starts building a server for {@code service}. */
  public static Builder builder(ApprovalService service, ServerKeys keys) {
    return new Builder(service, keys);
  }

  /** The port it listens on (useful after binding port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://host:port} of this server. */
  public URI baseUri() {
    return URI.create("http://" + http.getAddress().getHostString() + ":" + port());
  }

  /** Stops accepting, gives running exchanges a second, then stops the pool. */
  @Override
  public void close() {
    http.stop(1);
    pool.shutdownNow();
  }

  /** Configures and starts an {@link ApprovalHttpServer}. */
  public static final class Builder {
    private final ApprovalService service;
    private final ServerKeys keys;
    private ApproverAuthenticator approvers = ApproverAuthenticator.NONE;
    private ClientToken clientToken;
    private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 8470);
    private int threads = 16;
    private HttpServer bound;
    private final Map<String, HttpHandler> extra = new LinkedHashMap<>();

    private Builder(ApprovalService service, ServerKeys keys) {
      this.service = Objects.requireNonNull(service, "service");
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** How approvers are authenticated (default: nobody can vote). */
    public Builder approvers(ApproverAuthenticator value) {
      this.approvers = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The token drivers must present to create requests, redeem grants and see grants; null (the
     * default) authenticates no driver and is warned about at start.
     */
    public Builder clientToken(ClientToken value) {
      this.clientToken = value;
      return this;
    }

    /** Where to listen (default 127.0.0.1:8470; port 0 picks a free one). */
    public Builder address(InetSocketAddress value) {
      this.address = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Handler threads (default 16, at least 4); long-polls may hold all but 3 of them, so votes and
     * redemptions always find a thread.
     */
    public Builder threads(int value) {
      if (value < 4) {
        throw new IllegalArgumentException("the approval server needs at least 4 threads");
      }
      this.threads = value;
      return this;
    }

    /**
     * Uses {@code server}, already bound (e.g. to learn a port-0 port first), instead of binding.
     */
    Builder bound(HttpServer server) {
      this.bound = Objects.requireNonNull(server);
      return this;
    }

    /** Serves {@code handler} at {@code path} too (callbacks, chat integrations). */
    public Builder route(String path, HttpHandler handler) {
      extra.put(path, handler);
      return this;
    }

    /** Binds and starts. */
    public ApprovalHttpServer start() throws IOException {
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor pool =
          new ThreadPoolExecutor(
              threads,
              threads,
              30,
              TimeUnit.SECONDS,
              // bounded: beyond this backlog the JDK server closes new connections
              new ArrayBlockingQueue<>(threads * 8),
              r -> {
                Thread t = new Thread(r, "phiguard-approvals-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      HttpServer http = bound != null ? bound : HttpServer.create(address, 64);
      if (clientToken == null) {
        LOG.log(
            System.Logger.Level.WARNING,
            "drivers are not authenticated: without approvals.client-token anyone who can reach"
                + " this server can create requests, read grants and redeem them");
      }
      http.createContext(
          "/v1/", new ApiHandler(service, approvers, keys, threads - 3, clientToken));
      extra.forEach(http::createContext);
      http.setExecutor(pool);
      http.start();
      return new ApprovalHttpServer(http, pool);
    }
  }
}
