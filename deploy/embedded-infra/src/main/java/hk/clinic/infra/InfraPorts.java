package hk.clinic.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports of the embedded servers: fixed for the local run, free random ones for tests. */
public record InfraPorts(int postgres, int kafka, int kafkaController, int smtp, int mailApi, int wiremock) {

    /** The ports documented in ARCHITECTURE.md and the README. */
    public static final InfraPorts LOCAL = new InfraPorts(55432, 19092, 19093, 3025, 8025, 8089);

    public static InfraPorts random() {
        int[] p = freePorts(6);
        return new InfraPorts(p[0], p[1], p[2], p[3], p[4], p[5]);
    }

    /** Distinct free loopback ports: all sockets stay open until every port is chosen. */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(InfraPorts::closeQuietly);
        }
    }

    /** Fails with one line naming the first port another process already holds. */
    public void requireFree() {
        int[][] named = {{postgres}, {kafka}, {kafkaController}, {smtp}, {mailApi}, {wiremock}};
        String[] names = {"PostgreSQL", "Kafka", "Kafka controller", "SMTP", "mail API", "provider stub"};
        for (int i = 0; i < named.length; i++) {
            requireFree(named[i][0], names[i]);
        }
    }

    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new PortInUseException(port, what);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was bound that needs releasing
        }
    }

    /** A port that is taken: the launcher prints the message alone, without a stack trace. */
    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(int port, String what) {
            super("Port " + port + " (" + what + ") is already in use on 127.0.0.1: stop whatever holds it and try again.");
        }
    }
}
