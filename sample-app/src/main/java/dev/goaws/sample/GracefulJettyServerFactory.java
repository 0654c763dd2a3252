package dev.goaws.sample;

import java.time.Duration;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import spark.embeddedserver.jetty.JettyServerFactory;

/**
 * Jetty as Spark would build it, plus what production needs and Spark does not expose:
 * graceful stop (in-flight requests finish), an access log, no stack traces or version in responses.
 */
final class GracefulJettyServerFactory implements JettyServerFactory {

    /**
     * [arrival time] (to the second, as in the common log format), method, path without query string, status,
     * duration: never headers, so never credentials.
     */
    static final String ACCESS_LOG_FORMAT = "%{yyyy-MM-dd'T'HH:mm:ss'Z'|UTC}t INFO access - %m %U %s %{ms}Tms";

    private final Duration stopTimeout;

    GracefulJettyServerFactory(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    @Override
    public Server create(int maxThreads, int minThreads, int threadTimeoutMillis) {
        if (maxThreads > 0) {
            return create(new QueuedThreadPool(maxThreads, minThreads > 0 ? minThreads : 8,
                    threadTimeoutMillis > 0 ? threadTimeoutMillis : 60_000));
        }
        return configure(new GracefulServer(null));
    }

    @Override
    public Server create(ThreadPool threadPool) {
        return configure(new GracefulServer(threadPool));
    }

    private Server configure(Server server) {
        server.setStopTimeout(stopTimeout.toMillis());
        // The app's shutdown hook stops Spark itself, after which the SDK clients are closed.
        server.setStopAtShutdown(false);
        server.setRequestLog(new CustomRequestLog(
                new BatchingAccessLogWriter(System.out, BatchingAccessLogWriter.FLUSH_INTERVAL), ACCESS_LOG_FORMAT));
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowServlet(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        return server;
    }

    /**
     * Spark calls {@code setHandler} with its own handler after creating the server; wrapping it in a
     * {@link StatisticsHandler} is what lets {@code Server.stop()} wait for in-flight requests.
     */
    private static final class GracefulServer extends Server {
        GracefulServer(ThreadPool threadPool) {
            super(threadPool);
        }

        @Override
        public void setHandler(Handler handler) {
            if (handler instanceof StatisticsHandler) {
                super.setHandler(handler);
                return;
            }
            StatisticsHandler statistics = new StatisticsHandler();
            statistics.setHandler(handler);
            super.setHandler(statistics);
        }

        @Override
        protected void doStart() throws Exception {
            // Spark builds the connectors; hide "Server: Jetty(9.4.x)" on each of them.
            for (Connector connector : getConnectors()) {
                HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().setSendServerVersion(false);
                }
            }
            super.doStart();
        }
    }
}
