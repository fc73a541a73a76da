package hk.clinic.allinone.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx from the distribution serving the guide's exact bytes as static files: the read limit. Its own
 * configuration and prefix under the bench data, loopback only, no access log (the service logs none either).
 */
final class StaticServer implements AutoCloseable {

    private final Process process;
    private final int port;
    /** Stops nginx when the bench exits without {@link #close()} (Ctrl-C mid-run), as Platform does its services. */
    private final Thread stopOnExit;

    private StaticServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stopOnExit = new Thread(process::destroy, "nginx-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static StaticServer start(String nginx, Path prefix, Path www) {
        int port = freePort();
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        String conf = user + """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 100000;
                    types { application/json json; }
                    client_body_temp_path %1$s/tmp;
                    proxy_temp_path %1$s/tmp;
                    fastcgi_temp_path %1$s/tmp;
                    uwsgi_temp_path %1$s/tmp;
                    scgi_temp_path %1$s/tmp;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                    }
                }
                """.formatted(prefix, port, www);
        Path confFile = Tools.write(prefix.resolve("nginx.conf"), conf);
        Tools.write(prefix.resolve("tmp/.keep"), "");
        try {
            Process p = new ProcessBuilder(List.of(nginx, "-p", prefix.toString(), "-c", confFile.toString()))
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.out").toFile()).start();
            StaticServer server = new StaticServer(p, port);
            try {
                server.awaitListening();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited with " + process.exitValue());
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the hook stops nginx too
        }
        // SIGTERM stops nginx's master, which stops its workers.
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
